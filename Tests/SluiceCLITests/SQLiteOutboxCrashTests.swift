import Foundation
import NATS
import NATSTestSupport
import SQLiteNIO
import SluiceBridge
import SluiceBridgeSQLite
import Testing

/// `sluice outbox` on an SQLite file, killed with SIGKILL at random moments while events are written through the
/// outbox, two relays side by side part of the time: every event is handled exactly once.
@Suite struct SQLiteOutboxCrashTests {
    static let total = 3_000

    @Test func relaysKilledAtRandomLoseNothingAndTheInboxHandlesEachEventOnce() async throws {
        try await TestNATSServer.withServer { natsServer in
            let directory = try TestDirectory.make(prefix: "sqlite-outbox-crash")
            defer { TestDirectory.remove(directory) }
            let migrate = try SluiceProcess(["migrate", "--sqlite", "app.sqlite"], in: directory)
            #expect(try await migrate.waitForExit() == 0, "\(migrate.text)")
            try """
            bridge:
              nats_urls: [\(natsServer.url)]
              env: crash
              app_name: billing
              destination_app: crm
            outbox:
              sqlite: app.sqlite
              batch_size: 200
              poll_interval: 50ms
              lease: 2s
              listen: 127.0.0.1:0
            """.write(toFile: directory + "/outbox.yaml", atomically: true, encoding: .utf8)

            var consumerConfiguration = BridgeConfiguration(env: "crash", appName: "crm", destinationApp: "billing")
            consumerConfiguration.natsURLs = [natsServer.url]
            var producerConfiguration = BridgeConfiguration(env: "crash", appName: "billing", destinationApp: "crm")
            producerConfiguration.natsURLs = [natsServer.url]
            let database = try await SQLiteBridgeDatabase.open(path: directory + "/app.sqlite")
            let client = try await consumerConfiguration.connect()
            let handled = IDLog()
            try await database.withTransaction { connection in
                _ = try await connection.query("CREATE TABLE handled (event_id TEXT PRIMARY KEY)")
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                let consumer = Consumer(
                    configuration: consumerConfiguration,
                    client: client,
                    durableName: "crm",
                    batchSize: 200,
                    inbox: SQLiteInbox(database: database)
                ) { message, connection in
                    _ = try await connection.query("INSERT INTO handled (event_id) VALUES (?)", [.text(message.event.eventID)])
                    handled.record(message.event.eventID)
                }
                group.addTask { try await consumer.run() }
                defer { group.cancelAll() }

                let publisher = Publisher(configuration: producerConfiguration)
                let written = try await withThrowingTaskGroup(of: [String].self) { chaos in
                    chaos.addTask { try await Self.write(Self.total, publisher: publisher, database: database) }
                    chaos.addTask {
                        try await OutboxCrashTests.killRelaysAtRandom(in: directory, until: { handled.count >= Self.total / 2 })
                        return []
                    }
                    var ids: [String] = []
                    for try await part in chaos { ids += part }
                    return ids
                }
                let last = try SluiceProcess(["outbox", "outbox.yaml"], in: directory)
                try await withTimeout(.seconds(180), "handling all \(Self.total) events (handled \(handled.count))") {
                    await handled.wait(for: Self.total)
                }
                last.send(SIGTERM)
                #expect(try await last.waitForExit() == 0, "\(last.text.suffix(600))")
                consumer.stop()

                #expect(written.count == Self.total)
                #expect(handled.ids.count == Self.total, "the handler ran \(handled.ids.count) times")
                #expect(Set(handled.ids) == Set(written))
                let rows = try await database.withTransaction { connection in
                    try await connection.query("SELECT count(*) AS n FROM handled").first?.column("n")?.integer
                }
                #expect(rows == Self.total)
            }
            await client.close()
            try await database.close()
        }
    }

    /// Writes `count` events through the outbox, 50 per transaction.
    static func write(_ count: Int, publisher: Publisher, database: SQLiteBridgeDatabase) async throws -> [String] {
        var ids: [String] = []
        for batch in stride(from: 0, to: count, by: 50) {
            ids += try await database.withTransaction { connection in
                var part: [String] = []
                for index in batch..<min(batch + 50, count) {
                    let envelope = try await publisher.publish(
                        resourceType: "order",
                        resourceID: "\(index)",
                        eventType: "placed",
                        payload: ["n": .int(Int64(index))],
                        in: connection
                    )
                    part.append(envelope.eventID)
                }
                return part
            }
        }
        return ids
    }
}
