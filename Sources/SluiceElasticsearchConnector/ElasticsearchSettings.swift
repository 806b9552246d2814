import SluiceCore
import SluiceRuntime

/// How to reach one Elasticsearch or OpenSearch cluster, named under `elasticsearch:` and referred to by
/// pipelines (`cluster: NAME`).
public struct ElasticsearchClusterSettings: Sendable, Hashable {
    /// Credentials.
    public enum Auth: Sendable, Hashable {
        case none
        /// HTTP basic authentication.
        case basic(user: String, password: String)
        /// `Authorization: ApiKey …` (the base64 `id:key` Elasticsearch issues).
        case apiKey(String)
        /// `Authorization: Bearer …`.
        case bearer(String)
    }

    /// Node URLs (`http://…` or `https://…`), tried in turn.
    public var urls: [String]
    /// Default none.
    public var auth: Auth = .none
    /// CA bundle to verify the server; default the system's.
    public var caFile: String?
    /// Client certificate and key for mutual TLS.
    public var certificateFile: String?
    public var keyFile: String?
    /// Compress request bodies with gzip. Default `false`.
    public var gzip: Bool = false
    /// Connections per node. Default 8.
    public var maxConnections: Int = 8
    /// How long one request may take. Default 60 s.
    public var timeout: Duration = .seconds(60)

    /// Creates settings.
    public init(urls: [String]) {
        self.urls = urls
    }
}

/// Watches Elasticsearch indices for changes (the watch role): a snapshot, then polling by a cursor field.
public struct ElasticsearchSourceConfig: SourceSettings {
    public static let sourceType = "elasticsearch"

    /// The cluster, a name under `elasticsearch:`.
    public var cluster: String
    /// The indices to watch; each document's envelope has `resource_type` = its index.
    public var indices: [String]
    /// The field ordering changes (a date or a number), e.g. `updated_at`.
    public var cursorField: String
    /// Documents per page. Default 1,000.
    public var pageSize: Int = 1_000
    /// The pause between polls once caught up. Default 1 s.
    public var interval: Duration = .seconds(1)
    /// How far behind the cursor each poll starts again, for documents committed late. Default 5 s (or 5,000 for a
    /// numeric cursor, read as milliseconds).
    public var overlap: Duration = .seconds(5)
    /// A boolean field marking soft-deleted documents (`deleted: true` becomes a delete event); default none.
    public var deletedField: String?
    /// Read the whole index first (with a point in time where the server has one). Default `true`.
    public var snapshot: Bool = true
    /// Where the cursor is kept: a JetStream key-value bucket (default `sluice_checkpoints` with JetStream) or a file.
    public var checkpoint: CheckpointLocation?

    /// Creates settings.
    public init(cluster: String, indices: [String], cursorField: String) {
        self.cluster = cluster
        self.indices = indices
        self.cursorField = cursorField
    }
}

/// Where a source keeps its checkpoint.
public enum CheckpointLocation: Sendable, Hashable {
    /// A JetStream key-value bucket.
    case bucket(String)
    /// A JSON file.
    case file(String)
}

/// Bulk-writes envelopes into Elasticsearch or OpenSearch (the write role).
public struct ElasticsearchSinkConfig: SinkSettings {
    public static let sinkType = "elasticsearch"

    /// The cluster, a name under `elasticsearch:`.
    public var cluster: String
    /// Prepended to every target index name. Default none.
    public var indexPrefix: String = ""
    /// Target index per source index (`resource_type`), before the prefix. Default the same name.
    public var rename: [String: String] = [:]
    /// Index bodies (`settings`, `mappings`) to create missing target indices with, by target name (before the prefix).
    public var indices: [String: JSONValue] = [:]
    /// Ask the server to make each bulk searchable before answering (`refresh=wait_for`). Default `false`.
    public var refresh: Bool = false
    /// Consecutive failed bulk requests that open the circuit breaker. Default 5.
    public var breakerFailures: Int = 5
    /// How long the breaker stays open before a probe. Default 10 s.
    public var breakerCooldown: Duration = .seconds(10)

    /// Creates settings.
    public init(cluster: String) {
        self.cluster = cluster
    }

    /// The target index for a source index (`resource_type`).
    public func targetIndex(for resourceType: String) -> String {
        indexPrefix + (rename[resourceType] ?? resourceType)
    }
}
