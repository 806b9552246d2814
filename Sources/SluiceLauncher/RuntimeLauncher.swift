import ArgumentParser
import FoundationEssentials
import Logging
import ServiceLifecycle
import SluiceCore
import SluiceRuntime
import SluiceServer

#if canImport(Glibc)
import Glibc
#endif

/// Starts the runtime and the HTTP server in one service group, as `sluice run`, the roles and `sluice dev` do, and
/// runs it until a signal drains it (see ``ShutdownSignals``).
public enum RuntimeLauncher {
    /// - Parameters:
    ///   - settings: The configuration to run.
    ///   - wiring: The program's connectors and the services it runs beside every runtime.
    ///   - logFormat: `json` or `text`; `nil` for the configuration's.
    ///   - drainTimeout: How long a drain may take.
    ///   - extraServices: More services to run beside the runtime, made once it started.
    ///   - onListening: Called with the runtime and the HTTP server's host and port once it listens; without it,
    ///     `operations API on http://HOST:PORT` is printed.
    public static func run<Wiring: RoleWiring>(
        _ settings: SluiceConfig,
        wiring: Wiring.Type,
        logFormat: String?,
        drainTimeout: Duration,
        extraServices: @Sendable (PipelineRuntime) -> [any Service] = { _ in [] },
        onListening: (@Sendable (PipelineRuntime, String, Int) -> Void)? = nil
    ) async throws {
        EventLoopThreads.apply(settings.eventLoopThreads)
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
                StandardError.write("sluice: cannot start: \(error)\n")
                throw ExitCode.failure
            }
        }
        let runtime: PipelineRuntime
        do {
            runtime = try await PipelineRuntime.start(
                config: settings,
                connectors: Wiring.connectors,
                drainDeadline: drainTimeout,
                logger: logger
            ) {
                TerminalProgressBar.forTerminal(label: $0)
            }
        } catch {
            StandardError.write("sluice: cannot start: \(error)\n")
            throw ExitCode.failure
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = extraServices(runtime).map { .init(service: $0) }
        services += Wiring.services(beside: runtime, settings: settings, logger: logger)
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
            StandardError.write("sluice: \(error)\n")
            throw ExitCode(130)
        }
    }
}
