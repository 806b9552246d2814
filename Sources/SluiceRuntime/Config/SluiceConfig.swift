/// A whole Sluice configuration: which transport to use, the pipelines to run, the operations server, logging,
/// and the sections connectors read (how to reach NATS, the search index, Elasticsearch clusters). Read one with ``SluiceConfig/load(file:environment:)``.
///
/// Every property has a documented default, so the smallest useful file names one pipeline.
public struct SluiceConfig: Sendable, Hashable {
    /// Which durable hop carries records between stages: a registered transport's name, or ``TransportKind/auto``
    /// (the default) for the first that opens.
    public var transport: TransportKind = .auto
    /// Where Sluice keeps its local files (SQLite queue, checkpoints). Default `.sluice`.
    public var dataDirectory: String = ".sluice"
    /// The pipelines, in the order they were written.
    public var pipelines: [PipelineConfig] = []
    /// The operations and search HTTP server. Default `127.0.0.1:8080`.
    public var server: ServerSettings = ServerSettings()
    /// Logging. Default `info`, JSON lines.
    public var log: LogSettings = LogSettings()
    /// Threads of the event-loop group every connection and the HTTP server run on (`event_loop_threads`).
    /// Default 1: a process waiting for work needs no more; give more to spread heavy traffic over cores.
    public var eventLoopThreads: Int = 1
    /// The top-level sections connectors read (``ConfigSection``), by their settings' type.
    private var sections: [ObjectIdentifier: AnyConnectorSettings] = [:]

    /// Creates the default configuration (no pipelines).
    public init() {}

    /// A connector's top-level section: what the file says, or the section's defaults when it says nothing.
    public func section<Settings: ConfigSectionSettings>(_: Settings.Type) -> Settings {
        sections[ObjectIdentifier(Settings.self)]?.value as? Settings ?? Settings()
    }

    /// Sets a connector's top-level section.
    public mutating func setSection<Settings: ConfigSectionSettings>(_ settings: Settings) {
        sections[ObjectIdentifier(Settings.self)] = AnyConnectorSettings(value: settings)
    }

    /// The pipeline with this name.
    public func pipeline(named name: String) -> PipelineConfig? { pipelines.first { $0.name == name } }
}

/// The operations HTTP server.
public struct ServerSettings: Sendable, Hashable {
    /// Host and port to bind. Default `127.0.0.1:8080` (loopback only); any other address, such as `:8080` (every
    /// interface), needs ``auth``.
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
    /// Whether to serve the web console at `/`. Default `true`; its pages hold no data, and every call they make
    /// needs the same token and scope as the API.
    public var console: Bool = true

    /// Creates the default settings.
    public init() {}

    /// The host part of ``listen``; empty for every interface.
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
