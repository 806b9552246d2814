import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
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
            settings = try SluiceConfig.load(file: config)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
        try await RuntimeLauncher.run(settings, logFormat: logFormat, drainTimeout: .seconds(drainTimeout), banner: nil)
    }
}

/// Starts the runtime and the HTTP server in one service group, as `sluice run` and `sluice dev` do.
enum RuntimeLauncher {
    static func run(
        _ settings: SluiceConfig, logFormat: String?, drainTimeout: Duration, extraServices: [any Service] = [],
        banner: (@Sendable (SluiceRuntime, String, Int) -> Void)?
    ) async throws {
        let format = logFormat.flatMap(LogFormat.init(rawValue:)) ?? LogFormat(rawValue: settings.log.format.rawValue) ?? .json
        try SluiceLogging.bootstrap(
            format: format, level: Logger.Level(rawValue: settings.log.level.rawValue), environment: ProcessInfo.processInfo.environment
        )
        let registry = SluiceMetrics.bootstrap()
        let logger = Logger(label: "sluice")
        let runtime: SluiceRuntime
        do {
            runtime = try await SluiceRuntime.start(config: settings, drainDeadline: drainTimeout, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("sluice: cannot start: \(error)\n".utf8))
            throw ExitCode.failure
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = extraServices.map { .init(service: $0) }
        services.append(.init(service: runtime, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup))
        if settings.server.enabled {
            let address = SluiceHTTPServerConfiguration(address: settings.server.listen) ?? SluiceHTTPServerConfiguration()
            let server = SluiceHTTPServer(
                operations: runtime, configuration: address, registry: registry, logger: logger,
                onListening: { host, port in banner?(runtime, host, port) }
            )
            services.append(.init(service: server, failureTerminationBehavior: .gracefullyShutdownGroup))
        }
        var configuration = ServiceGroupConfiguration(services: services, logger: logger)
        configuration.gracefulShutdownSignals = [.sigterm, .sigint]
        // service-lifecycle refuses a signal in both lists, so a second SIGINT/SIGTERM does not cancel yet;
        // the drain is bounded by the deadline instead (then everything is cancelled), and SIGQUIT cancels at once.
        configuration.cancellationSignals = [.sigquit]
        configuration.maximumGracefulShutdownDuration = drainTimeout + .seconds(5)
        let group = ServiceGroup(configuration: configuration)
        try await group.run()
    }
}
