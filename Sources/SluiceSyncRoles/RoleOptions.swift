import ArgumentParser
import SluiceCore
import SluiceLauncher
import SluiceRuntime

/// What every role command takes: the configuration, which pipelines, logging and the drain deadline.
public struct RoleOptions: ParsableArguments {
    @Argument(help: "The configuration file (see docs/configuration.md); one file may hold all three roles.")
    var config: String

    @Option(name: .customLong("pipeline"), help: "Run only this pipeline (repeatable); default: every pipeline of the role.")
    var pipelines: [String] = []

    @Option(help: "Log format: json or text (default: the configuration's log.format).")
    var logFormat: String?

    @Option(help: "Seconds a graceful drain may take.")
    var drainTimeout: Int = 30

    @Option(help: "Serve operations on this address instead of the configuration's server.listen (port 0: a free one).")
    var listen: String?

    public init() {}

    /// The configuration with the role's pipelines, read with `connectors`, or an exit after printing why not.
    func load(for role: SyncRole, connectors: ConnectorRegistry) throws -> SluiceConfig {
        do {
            var settings = try role.select(try SluiceConfig.load(file: config, connectors: connectors), only: pipelines)
            if let listen { settings.server.listen = listen }
            return settings
        } catch {
            StandardError.write("sluice \(role.rawValue): \(error)\n")
            throw ExitCode.failure
        }
    }

    /// Runs the pipelines and the operations API until a signal drains them.
    func run<Wiring: RoleWiring>(_ settings: SluiceConfig, wiring: Wiring.Type) async throws {
        try await RuntimeLauncher.run(settings, wiring: wiring, logFormat: logFormat, drainTimeout: .seconds(drainTimeout))
    }
}
