import Logging
import ServiceLifecycle
import SluiceConnectors
import SluiceJetStreamTransport
import SluiceLauncher
import SluiceOutboxRole
import SluiceRuntime

/// The all-in-one `sluice`: every built-in connector, and the configuration's `outbox:` relayed beside the pipelines
/// when the transport is JetStream.
enum AllInOneWiring: RoleWiring {
    static var connectors: ConnectorRegistry { .builtIn }

    static func services(
        beside runtime: PipelineRuntime,
        settings: SluiceConfig,
        logger: Logger
    )
        -> [ServiceGroupConfiguration.ServiceConfiguration]
    {
        let outbox = settings.section(OutboxSection.self)
        guard outbox.store != nil else { return [] }
        guard runtime.transport.name == TransportKind.jetstream.rawValue else {
            logger.warning("outbox: not relayed: the relay publishes to JetStream, and this process runs on the SQLite queue")
            return []
        }
        let relay = EmbeddedOutboxRelay(section: outbox, natsURLs: settings.nats.urls, logger: logger)
        return [.init(service: relay, failureTerminationBehavior: .gracefullyShutdownGroup)]
    }
}
