import Logging
import NATS
import PostgresNIO
import ServiceLifecycle
import SluiceBridge
import SluiceBridgePostgres
import SluiceBridgeSQLite
import SluiceConnectors

/// Relays the configuration's `outbox:` beside the pipelines (`sluice run`, `sluice dev`), through the runtime's NATS,
/// until a graceful shutdown.
struct EmbeddedOutboxRelay: Service {
    let section: OutboxSection
    let natsURLs: [String]
    let logger: Logger

    func run() async throws {
        guard let store = section.store else { return }
        var bridge = section.bridge
        bridge.natsURLs = natsURLs
        let client = try await bridge.connect(logger: logger)
        do {
            switch store {
            case .sqlite(let path):
                let database = try await SQLiteBridgeDatabase.open(path: path)
                do {
                    try await relay(SQLiteOutboxStore(database: database), bridge: bridge, client: client, poll: .milliseconds(50))
                } catch {
                    try? await database.close()
                    throw error
                }
                try await database.close()
            case .postgres(let url):
                let postgres = PostgresClient(configuration: try PostgresClient.Configuration(url: url), backgroundLogger: logger)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await postgres.run() }
                    defer { group.cancelAll() }
                    try await relay(PostgresOutboxStore(client: postgres, logger: logger), bridge: bridge, client: client, poll: .seconds(1))
                }
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
