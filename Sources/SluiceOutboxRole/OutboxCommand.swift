import ArgumentParser
import Hummingbird
import Logging
import NATS
import Prometheus
import ServiceLifecycle
import SluiceBridge
import SluiceConnectors
import SluiceCore
import SluiceHTTPAuth
import SluiceLauncher
import SluiceServer

/// `sluice outbox CONFIG`: relays a PostgreSQL or SQLite outbox table to JetStream.
public struct OutboxCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Relay the rows of a PostgreSQL or SQLite outbox table to JetStream.",
        discussion: """
            Claims unpublished rows of jetstream_outbox_events (SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL, a lease \
            on SQLite, so several relays may run side by side), publishes them as event envelopes on {env}.data.sync.{app}.{dest}.{resource}.{event} \
            with Nats-Msg-Id = event_id, and marks them published; wakes on PostgreSQL's NOTIFY trigger, polls otherwise. \
            Serves /healthz, /readyz (degraded when the oldest unpublished row is older than outbox.ready_max_age) and \
            /metrics. The file format is in docs/bridge.md; create the tables first with sluice migrate.
            """
    )

    @Argument(help: "The configuration file (YAML: bridge and outbox sections).")
    var config: String

    @Option(help: "Serve operations on this address instead of the file's outbox.listen (default 127.0.0.1:8081).")
    var listen: String?

    public init() {}

    public func run() async throws {
        let settings: OutboxRoleConfig
        do {
            settings = try OutboxRoleConfig.load(file: config)
        } catch {
            StandardError.write("sluice outbox: \(config): \(error)\n")
            throw ExitCode.failure
        }
        EventLoopThreads.apply(settings.eventLoopThreads ?? 1)
        let registry = SluiceMetrics.bootstrap()
        let logger = Logger(label: "sluice.outbox")
        let client = try await settings.bridge.connect(logger: logger)
        do {
            try await settings.store.withOutboxStore(lease: try settings.lease(), timeout: try settings.timeout(), logger: logger) { store in
                try await relay(store, settings: settings, client: client, registry: registry, logger: logger)
            }
        } catch {
            await client.close()
            throw error
        }
        try? await client.drain(timeout: .seconds(5))
    }

    /// Runs the relay on `store`, with the operations API, until a signal.
    private func relay<Store: OutboxStore>(
        _ store: Store,
        settings: OutboxRoleConfig,
        client: NATSClient,
        registry: PrometheusCollectorRegistry,
        logger: Logger
    ) async throws {
        let relay = OutboxRelay(
            configuration: settings.bridge,
            store: store,
            client: client,
            options: try settings.relayOptions(for: Store.self),
            logger: logger
        )
        let (host, port) = try ListenAddress.split(listen ?? settings.outbox.listen ?? "127.0.0.1:8081")
        let router = OutboxOperations(
            relay: relay,
            registry: registry,
            maxAge: try settings.readyMaxAge(),
            hostPolicy: HostPolicy(boundHost: host, extraHosts: settings.outbox.allowedHosts ?? [])
        ).router()
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port)), logger: logger)
        logger.info("relaying the outbox", metadata: ["stream": "\(settings.bridge.streamName)", "operations": "\(host):\(port)"])
        try await ShutdownSignals.run(ServiceGroup(services: [relay, app], logger: logger), logger: logger)
    }
}
