import EmbeddedNATS
import Foundation

/// A real `nats-server` for one test: its own temp directory, a free loopback port, JetStream on.
///
/// ```swift
/// try await TestNATSServer.withServer(config: "max_payload: 1024") { server in
///     let client = try await NATSClient.connect(.init(servers: [server.url]))
///     …
/// }
/// ```
///
/// If `nats-server` is not installed, starting fails with an error that says how to install it;
/// tests fail rather than skip.
public final class TestNATSServer: Sendable {
    /// The server process.
    public let process: NATSServerProcess
    /// The temp directory holding the config, log and store; removed by ``stop()``.
    public let directory: String

    private init(process: NATSServerProcess, directory: String) {
        self.process = process
        self.directory = directory
    }

    /// The client URL, e.g. `nats://127.0.0.1:54321`.
    public var url: String { process.url }
    /// The client port.
    public var port: Int { process.port }
    /// The HTTP monitoring port.
    public var monitorPort: Int? { process.monitorPort }
    /// The JetStream store directory.
    public var storeDirectory: String { process.storeDirectory }
    /// The server's log file.
    public var logFile: String { process.logFile }

    /// Starts a server in a new temp directory and waits until it is ready.
    ///
    /// - Parameters:
    ///   - extra: Configuration text appended to the generated file (auth, TLS, accounts, limits…).
    ///   - jetStream: Whether JetStream is on. Default `true`.
    ///   - port: A fixed client port; default a free one.
    ///   - configure: Changes to the configuration before start (debug logs, timeouts…).
    public static func start(
        config extra: String = "",
        jetStream: Bool = true,
        port: Int? = nil,
        configure: (inout NATSServerConfiguration) -> Void = { _ in }
    ) async throws -> TestNATSServer {
        let directory = try TestDirectory.make(prefix: "nats")
        var configuration = NATSServerConfiguration(directory: directory, port: port, extraConfig: extra)
        configuration.jetStream = jetStream
        configuration.startupTimeout = .seconds(30)
        configure(&configuration)
        do {
            let process = try NATSServerProcess(configuration: configuration)
            try await process.start()
            return TestNATSServer(process: process, directory: directory)
        } catch {
            TestDirectory.remove(directory)
            throw error
        }
    }

    /// Starts a server, runs `body` with it, and stops it and removes its directory however `body` ends.
    public static func withServer<Result>(
        config extra: String = "",
        jetStream: Bool = true,
        _ body: (TestNATSServer) async throws -> Result
    ) async throws -> Result {
        let server = try await start(config: extra, jetStream: jetStream)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Stops the server (SIGTERM, then SIGKILL) and removes its directory.
    public func stop() async {
        await process.stop()
        TestDirectory.remove(directory)
    }

    /// Kills the server with SIGKILL, keeping its directory, for crash and reconnect tests.
    public func kill() async {
        await process.kill()
    }

    /// Starts the server again (after ``kill()`` or a stop of ``process``) on the same port and store.
    public func restart() async throws {
        try await process.restart()
    }

    /// The server's log since its last start, for failure messages.
    public func recentLog(lines: Int = 40) -> String {
        process.recentLog(lines: lines)
    }
}
