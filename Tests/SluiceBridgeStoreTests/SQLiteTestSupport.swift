import JetStream
import NATS
import NATSTestSupport
import SQLiteNIO
import SluiceBridge
import SluiceBridgeSQLite
import Testing

/// An SQLite file with the bridge's tables and a `users` table, a NATS server, and both sides' configurations.
struct SQLiteBridge: StoreHarness {
    var producer: BridgeConfiguration
    var consumer: BridgeConfiguration
    let database: SQLiteBridgeDatabase
    let client: NATSClient
    let natsServer: TestNATSServer

    var js: JetStreamContext { JetStreamContext(client: client) }

    /// Starts NATS, opens (and migrates) a file in a temporary directory, runs `body`, and cleans up however it ends.
    static func with<T: Sendable>(
        configure: (inout BridgeConfiguration) -> Void = { _ in },
        _ body: @Sendable (SQLiteBridge) async throws -> T
    ) async throws -> T {
        let directory = try TestDirectory.make(prefix: "bridge-sqlite")
        defer { TestDirectory.remove(directory) }
        return try await TestNATSServer.withServer { natsServer in
            var producer = BridgeConfiguration(env: "test", appName: "billing", destinationApp: "crm")
            var consumer = BridgeConfiguration(env: "test", appName: "crm", destinationApp: "billing")
            producer.natsURLs = [natsServer.url]
            consumer.natsURLs = [natsServer.url]
            configure(&producer)
            configure(&consumer)
            let database = try await SQLiteBridgeDatabase.open(path: "\(directory)/app.sqlite")
            let client = try await consumer.connect()
            let bridge = SQLiteBridge(producer: producer, consumer: consumer, database: database, client: client, natsServer: natsServer)
            do {
                try await database.withTransaction { connection in
                    _ = try await connection.query("CREATE TABLE users (id TEXT PRIMARY KEY, handled INT NOT NULL DEFAULT 1)")
                }
                let result = try await body(bridge)
                await client.close()
                try await database.close()
                return result
            } catch {
                await client.close()
                try? await database.close()
                throw error
            }
        }
    }

    func relay(batchSize: Int) -> any StoppableService {
        var options = OutboxRelay<SQLiteOutboxStore>.Options()
        options.batchSize = batchSize
        options.pollInterval = .milliseconds(20)
        return OutboxRelay(configuration: producer, store: SQLiteOutboxStore(database: database), client: client, options: options)
    }

    func inboxConsumer(durableName: String, batchSize: Int, handler: @escaping @Sendable (BridgeMessage) async throws -> Void) -> Consumer {
        Consumer(
            configuration: consumer,
            client: client,
            durableName: durableName,
            batchSize: batchSize,
            inbox: SQLiteInbox(database: database)
        ) { message, connection in
            _ = try await connection.query(
                "INSERT INTO users (id) VALUES (?) ON CONFLICT (id) DO UPDATE SET handled = handled + 1",
                [.text(message.event.resourceID)]
            )
            try await handler(message)
        }
    }

    func writeEvents(_ count: Int, from start: Int, publisher: Publisher) async throws -> [String] {
        var ids: [String] = []
        for index in start..<(start + count) {
            let envelope = try await database.withTransaction { connection in
                try await publisher.publish(
                    resourceType: "user",
                    resourceID: "\(index)",
                    eventType: "created",
                    payload: ["n": .int(Int64(index))],
                    in: connection
                )
            }
            ids.append(envelope.eventID)
        }
        return ids
    }

    func writeRolledBack(publisher: Publisher) async throws -> String {
        let rolledBack = ReferenceBox<String>()
        do {
            try await database.withTransaction { connection in
                rolledBack.value = try await publisher.publish(resourceType: "user", resourceID: "rolled-back", eventType: "created", in: connection)
                    .eventID
                throw Rollback()
            }
        } catch is Rollback {}
        return try #require(rolledBack.value)
    }

    func insertRowByHand() async throws {
        try await database.withTransaction { connection in
            _ = try await connection.query(
                "INSERT INTO jetstream_outbox_events (resource_type, resource_id, event_type, payload) VALUES ('user', '7', 'created', '{\"n\":7}')"
            )
        }
    }

    func outboxEventIDs() async throws -> [String] {
        try await database.withTransaction { connection in
            try await connection.query("SELECT event_id FROM jetstream_outbox_events ORDER BY id").map { $0.column("event_id")?.string ?? "" }
        }
    }

    func unpublished() async throws -> Int {
        try await database.withTransaction { connection in
            try await connection.query("SELECT count(*) AS n FROM jetstream_outbox_events WHERE published_at IS NULL").first?.column("n")?.integer
                ?? -1
        }
    }

    func users() async throws -> [String: Int] {
        let rows = try await database.withTransaction { connection in
            try await connection.query("SELECT id, handled FROM users").map { ($0.column("id")?.string ?? "", $0.column("handled")?.integer ?? 0) }
        }
        return Dictionary(rows, uniquingKeysWith: +)
    }
}
