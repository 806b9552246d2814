import Logging
import ServiceLifecycle
import SluiceElasticsearchConnector
import SluiceJetStreamTransport
import SluiceLauncher
import SluiceRuntime

/// The sync roles' connectors: JetStream as the transport, existing streams and Elasticsearch as sources, publish
/// and Elasticsearch as sinks. No SQLite queue, search index or outbox: a configuration naming them is refused.
enum SyncWiring: RoleWiring {
    static let connectors: ConnectorRegistry = {
        var registry = ConnectorRegistry()
        registry.registerJetStreamTransport()
        registry.register(SourceConnector.jetstream)
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
