import SluiceCore

/// One pipeline: a source, how its records become envelopes, filters and transforms, and a sink.
///
/// Records travel from the source over the transport (subject ``transportSubject``, batched as NDJSON)
/// to the deliver stage, which filters, transforms and validates them and writes them to the sink.
public struct PipelineConfig: Sendable, Hashable {
    /// The name: letters, digits, `-` and `_`; it names the consumer, the subjects and the metrics label.
    public var name: String
    /// Where records come from.
    public var source: SourceConfig
    /// How a record becomes an envelope.
    public var record: RecordSettings = RecordSettings()
    /// The subject template rendered for each record (used by subject filters, the publish sink and the DLQ's
    /// original-subject header). Default `sluice.{pipeline}.{resource_type}.{event_type}`.
    public var subject: String = "sluice.{pipeline}.{resource_type}.{event_type}"
    /// Filters, then transforms, in order (SluiceCore's ``SluiceCore/PipelineSteps``).
    public var steps: PipelineSteps = PipelineSteps()
    /// Where records go.
    public var sink: SinkConfig
    /// Where records that cannot be delivered go. Default subject `sluice.dlq.<name>`.
    public var deadLetterSubject: String
    /// How records are grouped for the transport and the sink.
    public var batch: BatchSettings = BatchSettings()
    /// How many batches are delivered to the sink at once. Default 2.
    public var concurrency: Int = 2
    /// How failures are retried.
    public var retry: RetrySettings = RetrySettings()
    /// The consumer lag above which `/readyz` reports the pipeline degraded. Default 10,000.
    public var lagThreshold: Int = 10_000
    /// Where the source publishes its batches. Default `sluice.in.<name>`.
    public var transportSubject: String

    /// Creates a pipeline with the defaults for everything but its name, source and sink.
    public init(name: String, source: SourceConfig, sink: SinkConfig) {
        self.name = name
        self.source = source
        self.sink = sink
        self.deadLetterSubject = "sluice.dlq.\(name)"
        self.transportSubject = "sluice.in.\(name)"
    }
}

extension PipelineConfig {
    /// The Elasticsearch clusters the source and the sink name.
    public var elasticsearchClusters: [String] {
        var clusters: [String] = []
        if case .elasticsearch(let source) = source { clusters.append(source.cluster) }
        if case .elasticsearch(let sink) = sink { clusters.append(sink.cluster) }
        return clusters
    }
}

/// How a plain JSON record (not already an envelope) becomes an envelope.
public struct RecordSettings: Sendable, Hashable {
    /// The field holding the record's id (`resource_id`). Default `id`; a record without it goes to the DLQ.
    public var idField: String = "id"
    /// The field holding the record's version (an integer); default none: the time it was decoded, in milliseconds.
    public var versionField: String?
    /// The field holding the event type (`created`, `updated`, `deleted`); default none, `updated`.
    public var eventTypeField: String?
    /// The envelope's `resource_type`. Default the pipeline name.
    public var resourceType: String?
    /// The envelope's `producer`. Default `sluice`.
    public var producer: String = "sluice"
    /// The largest record accepted, in bytes; larger ones go to the DLQ. Default 1 MiB.
    public var maxBytes: Int = 1 << 20

    /// Creates the defaults.
    public init() {}
}

/// Where a pipeline's records come from.
public enum SourceConfig: Sendable, Hashable {
    /// Files matching globs, read once, resumable.
    case files(FileSourceConfig)
    /// `POST /ingest/{pipeline}`.
    case http(HTTPSourceConfig)
    /// Envelopes already in a JetStream stream (another Sluice's output: the gateway and write roles).
    case jetstream(JetStreamSourceConfig)
    /// Changes polled from Elasticsearch or OpenSearch indices (the watch role).
    case elasticsearch(ElasticsearchSourceConfig)

    /// The kind, as the operations API shows it.
    public var kind: String {
        switch self {
        case .files: "files"
        case .http: "http"
        case .jetstream: "jetstream"
        case .elasticsearch: "elasticsearch"
        }
    }
}

/// A durable pull consumer on an existing JetStream stream: one envelope per message.
public struct JetStreamSourceConfig: Sendable, Hashable {
    /// The stream to consume; created with ``subjects`` when it does not exist.
    public var stream: String
    /// Only messages on these subjects (wildcards allowed); empty for all of the stream.
    public var subjects: [String] = []
    /// Start with the stream's first message (`all`, default) or only what arrives after the consumer was made (`new`).
    public var deliverNew: Bool = false

    /// Creates settings.
    public init(stream: String) {
        self.stream = stream
    }
}

/// Files read line by line (NDJSON) or row by row (CSV).
public struct FileSourceConfig: Sendable, Hashable {
    /// File formats.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// One JSON object per line.
        case ndjson
        /// Comma-separated values with a header row; every value is a string.
        case csv
    }
    /// Glob patterns (`data/*.ndjson`), relative to the working directory.
    public var paths: [String]
    /// Default: from the file extension (`.csv` is CSV, anything else NDJSON).
    public var format: Format?
    /// Show a progress bar when stderr is a terminal. Default `true`.
    public var progress: Bool = true

    /// Creates settings.
    public init(paths: [String]) {
        self.paths = paths
    }
}

/// HTTP ingest settings.
public struct HTTPSourceConfig: Sendable, Hashable {
    /// The largest request body. Default 10 MiB; larger bodies get 413.
    public var maxBodyBytes: Int = 10 << 20
    /// Pending messages in the transport above which ingest answers 429. Default 100,000.
    public var maxPending: Int = 100_000

    /// Creates the defaults.
    public init() {}
}

/// Where a pipeline's records go.
public enum SinkConfig: Sendable, Hashable {
    /// The embedded SQLite FTS5 search index.
    case searchIndex(SearchIndexSinkConfig)
    /// Re-publish each record, one envelope per message, to a JetStream subject.
    case publish(PublishSinkConfig)
    /// Bulk-write into Elasticsearch or OpenSearch with external versions (the write role).
    case elasticsearch(ElasticsearchSinkConfig)

    /// The kind, as the operations API shows it.
    public var kind: String {
        switch self {
        case .searchIndex: "search_index"
        case .publish: "publish"
        case .elasticsearch: "elasticsearch"
        }
    }
}

/// The embedded search index sink.
public struct SearchIndexSinkConfig: Sendable, Hashable {
    /// One searchable field and its weight.
    public struct Field: Sendable, Hashable {
        /// The path in the payload.
        public var path: String
        /// Relative weight. Default 1.
        public var weight: Double = 1
        /// Creates a field.
        public init(path: String, weight: Double = 1) {
            self.path = path
            self.weight = weight
        }
    }
    /// The index name.
    public var index: String
    /// The searchable fields.
    public var fields: [Field]

    /// Creates settings.
    public init(index: String, fields: [Field]) {
        self.index = index
        self.fields = fields
    }
}

/// The publish sink.
public struct PublishSinkConfig: Sendable, Hashable {
    /// A subject template; default the pipeline's ``PipelineConfig/subject``.
    public var subject: String?

    /// Creates settings.
    public init(subject: String? = nil) {
        self.subject = subject
    }
}

/// When the batcher flushes: whichever limit is reached first.
public struct BatchSettings: Sendable, Hashable {
    /// Records per batch. Default 500.
    public var maxRecords: Int = 500
    /// Bytes per batch. Default 1 MiB (under NATS's default 1 MiB payload limit with headers).
    public var maxBytes: Int = 900 * 1024
    /// How long the first record of a batch waits for more. Default 50 ms.
    public var maxAge: Duration = .milliseconds(50)

    /// Creates the defaults.
    public init() {}

    /// The defaults of a pipeline that bulk-writes a stream into Elasticsearch (the write role): 1,000 records,
    /// 5 MB, 200 ms. They only group fetched messages into one request, so they are not bound by NATS's payload limit.
    public static let bulk: BatchSettings = {
        var settings = BatchSettings()
        settings.maxRecords = 1000
        settings.maxBytes = 5_000_000
        settings.maxAge = .milliseconds(200)
        return settings
    }()
}

/// How failed deliveries are retried.
public struct RetrySettings: Sendable, Hashable {
    /// The delays between attempts.
    public enum Backoff: Sendable, Hashable {
        /// Fixed delays, the last repeated (the default is `1s 5s 15s 30s 60s`).
        case list([Duration])
        /// `initial * multiplier^(attempt-1)`, capped at `max`, with up to `jitter` (0…1) of it randomised.
        case exponential(initial: Duration, max: Duration, multiplier: Double, jitter: Double)
    }
    /// Default the list `1s 5s 15s 30s 60s`.
    public var backoff: Backoff = .list([.seconds(1), .seconds(5), .seconds(15), .seconds(30), .seconds(60)])
    /// Deliveries before a record goes to the DLQ. Default 5.
    public var maxDeliver: Int = 5

    /// Creates the defaults.
    public init() {}

    /// The delay before delivery number `delivery + 1`, after delivery `delivery` (1-based) failed.
    public func delay(afterDelivery delivery: Int) -> Duration {
        switch backoff {
        case .list(let delays):
            guard let last = delays.last else { return .zero }
            return delivery - 1 < delays.count ? delays[max(0, delivery - 1)] : last
        case .exponential(let initial, let maximum, let multiplier, let jitter):
            let seconds = Double(initial.components.seconds) + Double(initial.components.attoseconds) / 1e18
            let maxSeconds = Double(maximum.components.seconds) + Double(maximum.components.attoseconds) / 1e18
            var value = seconds
            for _ in 1..<max(1, delivery) where value < maxSeconds { value *= multiplier }
            value = min(maxSeconds, value)
            if jitter > 0 { value *= 1 - Double.random(in: 0...jitter) }
            return .milliseconds(Int64(value * 1000))
        }
    }
}
