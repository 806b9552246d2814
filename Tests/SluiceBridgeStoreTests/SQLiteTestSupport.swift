import JetStream
import NATS
import NATSTestSupport
import SQLiteNIO
import SluiceBridge
import SluiceBridgeSQLite

/// An SQLite file with the bridge's tables, a NATS server, and both sides' configurations.
struct SQLiteBridge: Sendable {
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

    /// Writes `count` events through the outbox, each in its own committed transaction.
    func writeEvents(_ count: Int, from start: Int = 0, publisher: Publisher) async throws -> [String] {
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

    /// How many rows of the outbox are not yet published.
    func unpublished() async throws -> Int {
        try await database.withTransaction { connection in
            try await connection.query("SELECT count(*) AS n FROM jetstream_outbox_events WHERE published_at IS NULL").first?.column("n")?.integer
                ?? -1
        }
    }
}
