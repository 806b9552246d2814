import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SluiceConnectors
import SluiceJetStreamTransport
import SluiceRuntime
import SluiceServer

/// `sluice run CONFIG`: runs the pipelines of a configuration and the operations HTTP server until SIGTERM or
/// SIGINT, then drains.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the pipelines of a configuration file, with the operations and search API.",
        discussion: """
            SIGTERM or SIGINT drains: sources stop, batches flush, acknowledgements are sent, connections close, \
            within --drain-timeout. A second signal stops at once; whatever was not acknowledged is delivered again \
            on the next start.
            """
    )

    @Argument(help: "The configuration file (see docs/configuration.md).")
    var config: String

    @Option(help: "Log format: json or text (default: the configuration's log.format).")
    var logFormat: String?

    @Option(help: "Seconds a graceful drain may take.")
    var drainTimeout: Int = 30

    func run() async throws {
        let settings: SluiceConfig
        do {
            settings = try SluiceConfig.load(file: config, connectors: .builtIn)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
        try await RuntimeLauncher.run(settings, logFormat: logFormat, drainTimeout: .seconds(drainTimeout))
    }
}

/// Starts the runtime and the HTTP server in one service group, as `sluice run` and `sluice dev` do, and runs it
/// until a signal drains it (see ``ShutdownSignals``).
enum RuntimeLauncher {
    /// - Parameters:
    ///   - settings: The configuration to run.
    ///   - logFormat: `json` or `text`; `nil` for the configuration's.
    ///   - drainTimeout: How long a drain may take.
    ///   - extraServices: More services to run beside the runtime, made once it started.
    ///   - onListening: Called with the runtime and the HTTP server's host and port once it listens; without it,
    ///     `operations API on http://HOST:PORT` is printed.
    static func run(
        _ settings: SluiceConfig,
        logFormat: String?,
        drainTimeout: Duration,
        extraServices: @Sendable (PipelineRuntime) -> [any Service] = { _ in [] },
        onListening: (@Sendable (PipelineRuntime, String, Int) -> Void)? = nil
    ) async throws {
        let format = logFormat.flatMap(LogFormat.init(rawValue:)) ?? LogFormat(rawValue: settings.log.format.rawValue) ?? .json
        try SluiceLogging.bootstrap(
            format: format,
            level: Logger.Level(rawValue: settings.log.level.rawValue),
            environment: ProcessInfo.processInfo.environment
        )
        let registry = SluiceMetrics.bootstrap()
        let logger = Logger(label: "sluice")
        var serverConfiguration: SluiceHTTPServerConfiguration?
        if settings.server.enabled {
            do {
                let configuration = try SluiceHTTPServerConfiguration(config: settings)
                try await configuration.validate()
                serverConfiguration = configuration
            } catch {
                FileHandle.standardError.write(Data("sluice: cannot start: \(error)\n".utf8))
                throw ExitCode.failure
            }
        }
        let runtime: PipelineRuntime
        do {
            runtime = try await PipelineRuntime.start(config: settings, connectors: .builtIn, drainDeadline: drainTimeout, logger: logger) {
                TerminalProgressBar.forTerminal(label: $0)
            }
        } catch {
            FileHandle.standardError.write(Data("sluice: cannot start: \(error)\n".utf8))
            throw ExitCode.failure
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = extraServices(runtime).map { .init(service: $0) }
        let outbox = settings.section(OutboxSection.self)
        if outbox.store != nil {
            if runtime.transport.name == TransportKind.jetstream.rawValue {
                let relay = EmbeddedOutboxRelay(section: outbox, natsURLs: settings.nats.urls, logger: logger)
                services.append(.init(service: relay, failureTerminationBehavior: .gracefullyShutdownGroup))
            } else {
                logger.warning("outbox: not relayed: the relay publishes to JetStream, and this process runs on the SQLite queue")
            }
        }
        services.append(
            .init(service: runtime, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)
        )
        if let serverConfiguration {
            // Checked by validate() before the runtime started, so this does not fail.
            let server = try await SluiceHTTPServer(
                operations: runtime,
                configuration: serverConfiguration,
                registry: registry,
                logger: logger,
                onListening: { host, port in
                    if let onListening {
                        onListening(runtime, host, port)
                    } else {
                        // Said on standard output, at once: with port 0 it is the only way to learn the address.
                        print("operations API on \(serverConfiguration.scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)")
                        fflush(nil)
                    }
                }
            )
            services.append(.init(service: server, failureTerminationBehavior: .gracefullyShutdownGroup))
        }
        var configuration = ServiceGroupConfiguration(services: services, logger: logger)
        // A drain is bounded by its deadline; past it (plus a margin) everything is cancelled.
        configuration.maximumGracefulShutdownDuration = drainTimeout + .seconds(5)
        do {
            try await ShutdownSignals.run(ServiceGroup(configuration: configuration), logger: logger)
        } catch let error as ShutdownSignals.StoppedAtOnce {
            FileHandle.standardError.write(Data("sluice: \(error)\n".utf8))
            throw ExitCode(130)
        }
    }
}
