import FoundationEssentials
import Logging
import Synchronization

/// A `nats-server` running as a child process of this one, on loopback.
///
/// ```swift
/// let server = try await NATSServerProcess.start(NATSServerConfiguration(directory: "/tmp/nats"))
/// print(server.url)            // nats://127.0.0.1:54321
/// try await server.restart()   // same port, same store
/// await server.stop()
/// ```
///
/// Ports chosen automatically are kept for the life of the object, so ``restart()`` comes back
/// where clients expect it. If the object is released while the child runs, the child is killed.
public final class NATSServerProcess: Sendable {
    /// The configuration this server was created with.
    public let configuration: NATSServerConfiguration
    /// The `nats-server` binary in use.
    public let executable: String
    /// The generated configuration file.
    public let configFile: String
    /// The server's log: its standard output and error, appended across restarts.
    public let logFile: String

    let state: Mutex<State>

    struct State {
        var port: Int
        var monitorPort: Int?
        /// Whether the ports were picked here (and may be re-picked if taken before the first start).
        var portsAreAutomatic: Bool
        /// Set after the first successful start: from then on the ports never change.
        var portsArePinned = false
        var process: SpawnedChild?
        /// Held while the child runs, so no other server uses the same directory.
        var lock: DirectoryLock?
        /// Where the log stood when the current run was launched.
        var logOffset: UInt64 = 0
    }

    /// Prepares a server: finds the binary and picks free ports, without starting anything.
    ///
    /// - Throws: ``NATSServerError`` if `nats-server` cannot be found (with install instructions)
    ///   or no free port is left.
    public init(configuration: NATSServerConfiguration) throws {
        self.configuration = configuration
        self.executable = try configuration.executable ?? NATSServerBinary.locate()
        self.configFile = "\(configuration.directory)/nats-server.conf"
        self.logFile = "\(configuration.directory)/nats-server.log"
        let ports = try Self.pickPorts(configuration)
        self.state = Mutex(State(port: ports.port, monitorPort: ports.monitor, portsAreAutomatic: ports.automatic))
    }

    /// Creates a server and starts it, returning once it is ready.
    public static func start(_ configuration: NATSServerConfiguration) async throws -> NATSServerProcess {
        let server = try NATSServerProcess(configuration: configuration)
        try await server.start()
        return server
    }

    deinit {
        let pid = state.withLock { state -> Int32? in
            guard let process = state.process, process.isRunning else { return nil }
            return process.processIdentifier
        }
        if let pid { ProcessSignal.kill.send(to: pid) }
    }

    /// The address the server listens on, e.g. `127.0.0.1`.
    public var host: String { configuration.host }
    /// The client port.
    public var port: Int { state.withLock { $0.port } }
    /// The client URL, e.g. `nats://127.0.0.1:4222`.
    public var url: String { "nats://\(host):\(port)" }
    /// The HTTP monitoring port, if monitoring is on.
    public var monitorPort: Int? { state.withLock { $0.monitorPort } }
    /// The HTTP monitoring URL, e.g. `http://127.0.0.1:8222`, if monitoring is on.
    public var monitorURL: String? { monitorPort.map { "http://\(host):\($0)" } }
    /// The JetStream store directory.
    public var storeDirectory: String { configuration.storeDirectory }
    /// The child's process id while it runs.
    public var processIdentifier: Int32? {
        state.withLock { state in state.process.flatMap { $0.isRunning ? $0.processIdentifier : nil } }
    }
    /// Whether the child process is running (ready or not).
    public var isRunning: Bool { state.withLock { $0.process?.isRunning ?? false } }

    /// Starts the server and waits until it is ready (see ``NATSServerConfiguration/readiness``).
    ///
    /// If an automatically chosen port was taken by someone else in the meantime, new ports are
    /// chosen and the start is retried, up to three times, before the first successful start.
    /// - Throws: ``NATSServerError`` if the server exits or is not ready in time; the child is then killed.
    public func start() async throws {
        var attempt = 0
        while true {
            attempt += 1
            try launch()
            do {
                try await waitUntilReady()
                state.withLock { $0.portsArePinned = true }
                configuration.logger.info("nats-server ready", metadata: ["url": "\(url)", "pid": "\(processIdentifier ?? -1)"])
                return
            } catch {
                await kill()
                let mayRetry = state.withLock { $0.portsAreAutomatic && !$0.portsArePinned }
                guard attempt < 3, mayRetry, let error = error as? NATSServerError, error.message.contains("address already in use") else {
                    throw error
                }
                let ports = try Self.pickPorts(configuration)
                state.withLock {
                    $0.port = ports.port
                    $0.monitorPort = ports.monitor
                }
            }
        }
    }

    /// Writes the config and spawns the child without waiting for it to be ready.
    ///
    /// Use with ``waitUntilReady(timeout:)`` to start several servers (a cluster) side by side.
    /// Does nothing if the child is already running.
    public func launch() throws {
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(atPath: configuration.directory, withIntermediateDirectories: true)
            if configuration.jetStream {
                try fileManager.createDirectory(atPath: configuration.storeDirectory, withIntermediateDirectories: true)
            }
            if !fileManager.fileExists(atPath: logFile) {
                _ = fileManager.createFile(atPath: logFile, contents: nil)
            }
        } catch {
            throw NATSServerError(.launchFailed, "Cannot create \(configuration.directory) for nats-server: \(error)")
        }

        try state.withLock { state in
            if let process = state.process, process.isRunning { return }
            if state.lock == nil {
                guard let lock = DirectoryLock(directory: configuration.directory) else {
                    throw NATSServerError(
                        .directoryInUse,
                        "Another nats-server is already running in \(configuration.directory); stop it, or use another directory."
                    )
                }
                state.lock = lock
            }
            let text = configuration.render(port: state.port, monitorPort: state.monitorPort)
            guard fileManager.createFile(atPath: configFile, contents: Data(text.utf8)) else {
                throw NATSServerError(.launchFailed, "Cannot write \(configFile).")
            }
            let offset = (try? fileManager.attributesOfItem(atPath: logFile)[.size] as? UInt64) ?? 0
            let process: SpawnedChild
            do throws(NATSServerError) {
                process = try SpawnedChild(
                    executable: executable,
                    arguments: ["-c", configFile] + (configuration.debugLog ? ["-D"] : []) + (configuration.traceLog ? ["-V"] : []),
                    environment: configuration.environment.isEmpty
                        ? nil : ProcessInfo.processInfo.environment.merging(configuration.environment) { $1 },
                    log: logFile
                )
            } catch {
                state.lock = nil
                throw NATSServerError(.launchFailed, "Cannot run \(executable): \(error.message). \(NATSServerBinary.installHint)")
            }
            state.process = process
            state.logOffset = offset
            configuration.logger.debug(
                "nats-server launched",
                metadata: ["pid": "\(process.processIdentifier)", "port": "\(state.port)", "config": "\(configFile)"]
            )
        }
    }

    /// Stops the server: SIGTERM, then SIGKILL if it has not exited within
    /// ``NATSServerConfiguration/shutdownTimeout``. Returns once the child has exited.
    public func stop() async {
        await end(with: .terminate, deadline: configuration.shutdownTimeout)
    }

    /// Kills the server with SIGKILL, as a crash would, and returns once it has exited.
    /// The store is left as the crash left it; ``restart()`` recovers from it.
    public func kill() async {
        await end(with: .kill, deadline: .seconds(10))
    }

    /// Stops the server (if running) and starts it again on the same ports with the same store.
    public func restart() async throws {
        await stop()
        try await start()
    }

    /// Sends SIGUSR2: the server enters lame-duck mode, stops accepting connections, tells its
    /// clients (INFO `ldm`) and closes them over its grace period, then exits.
    public func enterLameDuckMode() {
        if let pid = processIdentifier { ProcessSignal.lameDuck.send(to: pid) }
    }

    /// Waits until the child exits and returns its exit status (or the number of the signal that
    /// ended it). Returns `nil` at once if no child was started, or when `timeout` passes first.
    ///
    /// - Throws: `CancellationError` if the waiting task is cancelled; the child is left running.
    public func waitForExit(timeout: Duration? = nil) async throws -> Int32? {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now.advanced(by: $0) }
        while true {
            let status = state.withLock { state -> Int32?? in
                guard let process = state.process else { return .some(nil) }
                return process.terminationStatus.map { .some($0) }
            }
            if let status { return status }
            if let deadline, clock.now >= deadline { return nil }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The last `lines` lines of the log written since the current run was launched.
    public func recentLog(lines: Int = 20) -> String {
        let offset = state.withLock { $0.logOffset }
        return Self.readLog(logFile, from: offset).split(separator: "\n", omittingEmptySubsequences: false)
            .suffix(lines + 1).joined(separator: "\n").trimmingWhitespace()
    }

    /// Signals the child and waits for it to exit, escalating to SIGKILL after `deadline`.
    /// Runs to the end even if the calling task is cancelled: a stop is cleanup.
    private func end(with signal: ProcessSignal, deadline: Duration) async {
        guard let pid = processIdentifier else {
            closeLog()
            return
        }
        signal.send(to: pid)
        // An unstructured task does not inherit the caller's cancellation, so its sleeps really wait.
        await Task {
            if signal != .kill, (try? await waitForExit(timeout: deadline)) == nil {
                configuration.logger.warning("nats-server did not exit after SIGTERM; killing it", metadata: ["pid": "\(pid)"])
                ProcessSignal.kill.send(to: pid)
            }
            _ = try? await waitForExit()
        }.value
        closeLog()
        configuration.logger.debug("nats-server exited", metadata: ["pid": "\(pid)"])
    }

    /// Releases the directory lock once the child has exited.
    private func closeLog() {
        state.withLock { $0.lock = nil }
    }

    static func readLog(_ path: String, from offset: UInt64) -> String {
        guard let data = FileManager.default.contents(atPath: path), offset <= data.count else { return "" }
        return String(decoding: data.dropFirst(Int(offset)), as: UTF8.self)
    }

    private static func pickPorts(_ configuration: NATSServerConfiguration) throws -> (port: Int, monitor: Int?, automatic: Bool) {
        let port = try configuration.port ?? LoopbackProbe.freePort(host: configuration.host)
        var monitor: Int?
        if configuration.monitoring {
            monitor = try configuration.monitorPort ?? LoopbackProbe.freePort(host: configuration.host)
        }
        let automatic = configuration.port == nil && (configuration.monitorPort == nil || !configuration.monitoring)
        return (port, monitor, automatic)
    }
}
