import Logging
import ServiceLifecycle
import SluiceRuntime

/// What a program built from these commands brings: the connectors it was built with and the services it runs
/// beside the pipelines. The all-in-one `sluice` and each role's own executable have one each, so a role's
/// executable links only the connectors it names.
public protocol RoleWiring {
    /// The connectors configurations are read and run with.
    static var connectors: ConnectorRegistry { get }

    /// Services to run in the same group as a started runtime (such as a relay for a configured section).
    static func services(
        beside runtime: PipelineRuntime,
        settings: SluiceConfig,
        logger: Logger
    )
        -> [ServiceGroupConfiguration.ServiceConfiguration]
}
