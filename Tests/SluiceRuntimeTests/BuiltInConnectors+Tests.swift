import Logging
import SluiceConnectors
import SluiceRuntime

// The runtime's tests read and run configurations with the connectors the `sluice` program is built with.

extension SluiceConfig {
    /// Parses a configuration with the built-in connectors.
    static func parse(_ text: String, file: String = "<config>", environment: [String: String] = [:]) throws(ConfigError) -> SluiceConfig {
        try parse(text, file: file, environment: environment, connectors: .builtIn)
    }
}

extension PipelineRuntime {
    /// Starts a runtime with the built-in connectors.
    static func start(config: SluiceConfig, drainDeadline: Duration = .seconds(30), logger: Logger) async throws -> PipelineRuntime {
        try await start(config: config, connectors: .builtIn, drainDeadline: drainDeadline, logger: logger)
    }
}
