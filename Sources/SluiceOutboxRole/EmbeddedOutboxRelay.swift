import Logging
import NATS
import ServiceLifecycle
import SluiceBridge
import SluiceConnectors

/// Relays the configuration's `outbox:` beside the pipelines (`sluice run`, `sluice dev`), through the runtime's NATS,
/// until a graceful shutdown.
public struct EmbeddedOutboxRelay: Service {
    let section: OutboxSection
    let natsURLs: [String]
    let logger: Logger

    /// A relay of `section`'s outbox through the NATS servers at `natsURLs`.
    public init(section: OutboxSection, natsURLs: [String], logger: Logger) {
        self.section = section
        self.natsURLs = natsURLs
        self.logger = logger
    }

    public func run() async throws {
        guard let store = section.store else { return }
        var bridge = section.bridge
        bridge.natsURLs = natsURLs
        let client = try await bridge.connect(logger: logger)
        do {
            // SQLite has no notification: its relay polls every 50 ms; PostgreSQL's is woken by NOTIFY.
            let poll: Duration = if case .sqlite = store { .milliseconds(50) } else { .seconds(1) }
            try await store.withOutboxStore(logger: logger) { store in
                try await relay(store, bridge: bridge, client: client, poll: poll)
            }
        } catch {
            await client.close()
            throw error
        }
        try? await client.drain(timeout: .seconds(5))
    }

    private func relay<Store: OutboxStore>(_ store: Store, bridge: BridgeConfiguration, client: NATSClient, poll: Duration) async throws {
        var options = OutboxRelay<Store>.Options()
        options.pollInterval = section.pollInterval ?? poll
        if let batchSize = section.batchSize { options.batchSize = batchSize }
        logger.info("relaying the outbox", metadata: ["stream": "\(bridge.streamName)"])
        try await OutboxRelay(configuration: bridge, store: store, client: client, options: options, logger: logger).run()
    }
}
