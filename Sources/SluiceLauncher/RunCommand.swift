import ArgumentParser
import SluiceCore
import SluiceRuntime

/// `sluice run CONFIG`: runs the pipelines of a configuration and the operations HTTP server until SIGTERM or
/// SIGINT, then drains. `Wiring` says which connectors the program was built with.
public struct RunCommand<Wiring: RoleWiring>: AsyncParsableCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "run",
            abstract: "Run the pipelines of a configuration file, with the operations and search API.",
            discussion: """
                SIGTERM or SIGINT drains: sources stop, batches flush, acknowledgements are sent, connections close, \
                within --drain-timeout. A second signal stops at once; whatever was not acknowledged is delivered again \
                on the next start.
                """
        )
    }

    @Argument(help: "The configuration file (see docs/configuration.md).")
    var config: String

    @Option(help: "Log format: json or text (default: the configuration's log.format).")
    var logFormat: String?

    @Option(help: "Seconds a graceful drain may take.")
    var drainTimeout: Int = 30

    public init() {}

    public func run() async throws {
        let settings: SluiceConfig
        do {
            settings = try SluiceConfig.load(file: config, connectors: Wiring.connectors)
        } catch {
            StandardError.write(error.description + "\n")
            throw ExitCode.failure
        }
        try await RuntimeLauncher.run(settings, wiring: Wiring.self, logFormat: logFormat, drainTimeout: .seconds(drainTimeout))
    }
}
