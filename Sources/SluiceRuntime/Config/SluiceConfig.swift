/// A whole Sluice configuration: how to reach NATS, which transport to use, the streams to create,
/// the pipelines to run, and the operations server. Read one with ``SluiceConfig/load(file:environment:)``.
///
/// Every property has a documented default, so the smallest useful file names one pipeline.
public struct SluiceConfig: Sendable, Hashable {
    /// How to reach NATS. Default: `nats://127.0.0.1:4222`, no auth, no TLS.
    public var nats: NATSSettings = NATSSettings()
    /// Which durable hop carries records between stages. Default ``TransportKind/auto``.
    public var transport: TransportKind = .auto
    /// Where Sluice keeps its local files (SQLite queue, checkpoints). Default `.sluice`.
    public var dataDirectory: String = ".sluice"
    /// The embedded search index file. Default `<data_dir>/index.sqlite`.
    public var indexPath: String?
    /// How many files a new embedded search index is spread over, written side by side (1 to 16; an existing index
    /// keeps its count). Default 2: one SQLite writer is one core.
    public var indexShards: Int = 2
    /// How long one search of the embedded index may take before it is stopped with a `503`. Default 2 seconds.
    public var searchTimeout: Duration = .seconds(2)
    /// JetStream streams to create or update at start (the pipelines' own streams are created anyway).
    public var streams: [StreamSettings] = []
    /// Elasticsearch or OpenSearch clusters, by the name pipelines use for them.
    public var elasticsearch: [String: ElasticsearchClusterSettings] = [:]
    /// The pipelines, in the order they were written.
    public var pipelines: [PipelineConfig] = []
    /// The operations and search HTTP server. Default `127.0.0.1:8080`.
    public var server: ServerSettings = ServerSettings()
    /// Logging. Default `info`, JSON lines.
    public var log: LogSettings = LogSettings()

    /// Creates the default configuration (no pipelines).
    public init() {}

    /// The index file, resolved against ``dataDirectory``.
    public var resolvedIndexPath: String { indexPath ?? "\(dataDirectory)/index.sqlite" }

    /// The pipeline with this name.
    public func pipeline(named name: String) -> PipelineConfig? { pipelines.first { $0.name == name } }
}

/// Which durable hop a Sluice process uses.
public enum TransportKind: String, Sendable, Hashable, CaseIterable {
    /// NATS JetStream: durable pull consumers, `Nats-Msg-Id` dedupe, a DLQ stream.
    case jetstream
    /// The embedded SQLite queue in `<data_dir>/queue.sqlite`: same semantics, no server.
    case sqlite
    /// JetStream when NATS answers at start, else the SQLite queue.
    case auto
}

/// How to connect to NATS.
public struct NATSSettings: Sendable, Hashable {
    /// Server URLs tried in turn. Default `["nats://127.0.0.1:4222"]`.
    public var urls: [String] = ["nats://127.0.0.1:4222"]
    /// Credentials. Default none.
    public var auth: NATSAuthSettings = .none
    /// TLS files; `nil` for plain TCP (or TLS only when the server requires it).
    public var tls: NATSTLSSettings?
    /// How long to wait for the first connection. Default 2 seconds.
    public var connectTimeout: Duration = .seconds(2)

    /// Creates the default settings.
    public init() {}
}

/// NATS credentials.
public enum NATSAuthSettings: Sendable, Hashable {
    /// No credentials.
    case none
    /// A token.
    case token(String)
    /// User and password.
    case userPassword(user: String, password: String)
    /// A `.creds` file (JWT and NKey seed).
    case credentials(file: String)
    /// An NKey seed file.
    case nkey(seedFile: String)
}

/// TLS files for NATS.
public struct NATSTLSSettings: Sendable, Hashable {
    /// CA bundle to verify the server; default the system's.
    public var caFile: String?
    /// Client certificate for mutual TLS.
    public var certificateFile: String?
    /// Client key for mutual TLS.
    public var keyFile: String?

    /// Creates settings.
    public init(caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
    }
}

/// A JetStream stream to create or update at start.
public struct StreamSettings: Sendable, Hashable {
    /// The stream name.
    public var name: String
    /// Its subjects, with wildcards.
    public var subjects: [String]
    /// `file` (default) or `memory`.
    public var memoryStorage: Bool = false
    /// Replicas. Default 1; use 3 in a cluster.
    public var replicas: Int = 1
    /// How long messages are kept; `nil` (default) for no limit.
    public var maxAge: Duration?
    /// How long `Nats-Msg-Id` values are remembered. Default 2 minutes (the server's default).
    public var duplicateWindow: Duration?

    /// Creates settings.
    public init(name: String, subjects: [String]) {
        self.name = name
        self.subjects = subjects
    }
}

/// The operations HTTP server.
public struct ServerSettings: Sendable, Hashable {
    /// Host and port to bind. Default `127.0.0.1:8080` (loopback only); any other address needs ``auth``.
    public var listen: String = "127.0.0.1:8080"
    /// Whether to start the server. Default `true`.
    public var enabled: Bool = true
    /// Who may call the API. Default: nobody needs to authenticate, which only a loopback ``listen`` allows.
    public var auth: ServerAuthSettings = ServerAuthSettings()
    /// Names accepted in the `Host` header besides `localhost`, `127.0.0.1`, `::1` and the bound address;
    /// `*` accepts any. Default none.
    public var allowedHosts: [String] = []
    /// Origins (`https://ops.example.com`) whose cross-site requests are answered; `*` for any. Default none.
    public var allowedOrigins: [String] = []
    /// Certificate and key to serve HTTPS with; `nil` (default) for plain HTTP.
    public var tls: ServerTLSSettings?
    /// How long a connection may sit without a request before it is closed. Default 60 seconds.
    public var idleTimeout: Duration = .seconds(60)
    /// Most connections open at once; a connection over it is closed at once. Default 512.
    public var maxConnections: Int = 512

    /// Creates the default settings.
    public init() {}

    /// The host part of ``listen``.
    public var host: String { listen.split(separator: ":", omittingEmptySubsequences: false).dropLast().joined(separator: ":") }
    /// The port part of ``listen``.
    public var port: Int { Int(listen.split(separator: ":").last ?? "") ?? 8080 }
}

/// Logging settings.
public struct LogSettings: Sendable, Hashable {
    /// Log level names of swift-log.
    public enum Level: String, Sendable, Hashable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical
    }
    /// Output formats.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// One JSON object per line.
        case json
        /// Readable text.
        case text
    }
    /// Default `info`; `SLUICE_LOG_LEVEL` overrides it.
    public var level: Level = .info
    /// Default `json`.
    public var format: Format = .json

    /// Creates the default settings.
    public init() {}
}
