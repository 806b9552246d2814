import Logging
import ServiceLifecycle
import SluiceElasticsearchConnector
import SluiceJetStreamTransport
import SluiceLauncher
import SluiceRuntime
import SluiceSQLiteTransport
import SluiceSearchIndexConnector

/// The stream processor's connectors: the built-in ones of `sluice` but the outbox relay (which brings the
/// PostgreSQL client; `sluice-relay` runs it).
enum ProcessorWiring: RoleWiring {
    static let connectors: ConnectorRegistry = {
        var registry = ConnectorRegistry()
        registry.registerJetStreamTransport()
        registry.registerSQLiteTransport()
        registry.register(SourceConnector.files)
        registry.register(SourceConnector.http)
        registry.register(SourceConnector.jetstream)
        registry.registerSearchIndex()
        registry.register(SinkConnector.publish)
        registry.registerElasticsearch()
        return registry
    }()

    static func services(
        beside runtime: PipelineRuntime,
        settings: SluiceConfig,
        logger: Logger
    )
        -> [ServiceGroupConfiguration.ServiceConfiguration]
    { [] }
}
