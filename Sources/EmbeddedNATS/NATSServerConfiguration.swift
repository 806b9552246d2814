import Logging

/// How to run one `nats-server` child process: where its files go, which ports it uses,
/// and any extra configuration text.
///
/// All files live under ``directory``: the generated `nats-server.conf`, the log
/// `nats-server.log` (the server's standard output and error), and by default the
/// JetStream store.
public struct NATSServerConfiguration: Sendable {
    /// When the server counts as started.
    public enum ReadinessProbe: Sendable {
        /// The client port accepts connections and the log says `Server is ready`.
        case acceptingConnections
        /// The monitoring endpoint `/healthz` answers 200: JetStream is up and, in a cluster,
        /// a meta leader is known. Needs ``NATSServerConfiguration/monitoring``; without it
        /// this is the same as ``acceptingConnections``.
        case healthy
    }

    /// The directory for the config file, the log and (by default) the store. Created if missing.
    public var directory: String
    /// The JetStream `store_dir`. Default: `<directory>/store`. The server keeps its data in a
    /// `jetstream` folder inside it.
    public var storeDirectory: String
    /// The address the server listens on. Default `127.0.0.1`: embedded servers are for this machine.
    public var host: String = "127.0.0.1"
    /// The client port; `nil` picks a free one at start (and keeps it across restarts).
    public var port: Int?
    /// Whether to open the HTTP monitoring endpoint (`/varz`, `/healthz`, `/routez`…). Default `true`:
    /// readiness checks use it.
    public var monitoring: Bool = true
    /// The monitoring port; `nil` picks a free one at start.
    public var monitorPort: Int?
    /// Whether JetStream is enabled. Default `true`.
    public var jetStream: Bool = true
    /// JetStream's memory limit in bytes (`max_memory_store`); `nil` for the server's default (75% of RAM).
    public var jetStreamMaxMemory: Int?
    /// JetStream's file storage limit in bytes (`max_file_store`); `nil` for the server's default.
    public var jetStreamMaxStore: Int?
    /// The `server_name`; must be unique within a cluster. Default `sluice-<port>`.
    public var serverName: String?
    /// Configuration text appended to the generated file, e.g. `authorization`, `tls`, `cluster`,
    /// `accounts` blocks or `max_payload: 1024`.
    public var extraConfig: String
    /// Variables added to the child's environment (it inherits this process's), e.g. the values of `$NAME`
    /// references in ``extraConfig``, which `nats-server` resolves from its environment.
    public var environment: [String: String] = [:]
    /// The binary to run; `nil` finds one with ``NATSServerBinary/locate(environment:)``.
    public var executable: String?
    /// When ``NATSServerProcess/start()`` returns. Default ``ReadinessProbe/healthy``.
    public var readiness: ReadinessProbe = .healthy
    /// How long ``NATSServerProcess/start()`` waits for readiness. Default 30 s: a server with a
    /// large store, or a cluster node waiting for its peers, may take several seconds.
    public var startupTimeout: Duration = .seconds(30)
    /// How long ``NATSServerProcess/stop()`` waits after SIGTERM before sending SIGKILL. Default 10 s.
    public var shutdownTimeout: Duration = .seconds(10)
    /// Turns on the server's debug log (`-D`). Default `false`.
    public var debugLog: Bool = false
    /// Turns on the server's protocol trace log (`-V`); very verbose. Default `false`.
    public var traceLog: Bool = false
    /// Where this library logs what it does with the process (not the server's own log).
    public var logger: Logger

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - directory: The directory for the config, the log and the default store.
    ///   - storeDirectory: The JetStream store; default `<directory>/store`.
    ///   - port: The client port; `nil` for a free one.
    ///   - extraConfig: Text appended to the generated config file.
    ///   - logger: Where to log starts and stops; default discards.
    public init(
        directory: String,
        storeDirectory: String? = nil,
        port: Int? = nil,
        extraConfig: String = "",
        logger: Logger = Logger(label: "sluice.embedded-nats", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.directory = directory
        self.storeDirectory = storeDirectory ?? "\(directory)/store"
        self.port = port
        self.extraConfig = extraConfig
        self.logger = logger
    }
}
