import Foundation
import JetStream
import NATS
import NATSTestSupport
import SQLiteNIO
import SluiceBridge
import SluiceBridgeSQLite
import SluiceCore
import Testing

/// The outbox and inbox on SQLite: the same guarantees as on PostgreSQL.
@Suite struct SQLiteOutboxTests {
    struct Rollback: Error {}
    struct PermanentlyFirst: Error {}

    static func relayOptions(batchSize: Int = 200) -> OutboxRelay<SQLiteOutboxStore>.Options {
        var options = OutboxRelay<SQLiteOutboxStore>.Options()
        options.batchSize = batchSize
        options.pollInterval = .milliseconds(20)
        return options
    }

    @Test func migratingTwiceAppliesTheSchemaOnce() async throws {
        let directory = try TestDirectory.make(prefix: "bridge-migrate")
        defer { TestDirectory.remove(directory) }
        let connection = try await SQLiteConnection.open(storage: .file(path: "\(directory)/a.sqlite"))
        #expect(try await SQLiteBridgeSchema.migrate(connection) == [1])
        #expect(try await SQLiteBridgeSchema.migrate(connection) == [])
        try await connection.close()
        // The printed script applies to a fresh file, and again to the same one.
        let scripted = try await SQLiteConnection.open(storage: .file(path: "\(directory)/b.sqlite"))
        let script = SQLiteBridgeSchema.script.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n")
        for _ in 0..<2 {
            for statement in script.components(separatedBy: ";\n") {
                let sql = statement.trimmingCharacters(in: .whitespacesAndNewlines)
                if !sql.isEmpty { _ = try await scripted.query(sql) }
            }
        }
        let tables = try await scripted.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'jetstream%' ORDER BY name")
        #expect(
            tables.compactMap { $0.column("name")?.string } == [
                "jetstream_bridge_schema_migrations", "jetstream_inbox_events", "jetstream_outbox_events",
            ]
        )
        try await scripted.close()
    }

    @Test func anEventPublishedInATransactionThatRollsBackNeverReachesJetStream() async throws {
        try await SQLiteBridge.with { bridge in
            let publisher = Publisher(configuration: bridge.producer)
            let relay = OutboxRelay(
                configuration: bridge.producer,
                store: SQLiteOutboxStore(database: bridge.database),
                client: bridge.client,
                options: Self.relayOptions()
            )
            let log = IDLog()
            let consumer = Consumer(configuration: bridge.consumer, client: bridge.client, durableName: "crm") { log.record($0.event.eventID) }
            let rolledBack = ReferenceBox<String>()
            await #expect(throws: Rollback.self) {
                try await bridge.database.withTransaction { connection in
                    rolledBack.value = try await publisher.publish(resourceType: "user", resourceID: "1", eventType: "created", in: connection)
                        .eventID
                    throw Rollback()
                }
            }
            let committed = try await bridge.writeEvents(1, publisher: publisher)
            try await running([relay, consumer]) { await log.wait(for: 1) }
            #expect(log.ids == committed)
            #expect(!log.ids.contains(rolledBack.value ?? ""))
            #expect(try await bridge.js.streamInfo("test-stream-bridge").state.messages == 1)
        }
    }

    @Test func theRelayPublishesEveryRowOnceAndMarksItPublished() async throws {
        try await SQLiteBridge.with { bridge in
            let publisher = Publisher(configuration: bridge.producer)
            let ids = try await bridge.writeEvents(300, publisher: publisher)
            let relay = OutboxRelay(
                configuration: bridge.producer,
                store: SQLiteOutboxStore(database: bridge.database),
                client: bridge.client,
                options: Self.relayOptions()
            )
            let log = IDLog()
            let consumer = Consumer(configuration: bridge.consumer, client: bridge.client, durableName: "crm", batchSize: 100) {
                log.record($0.event.eventID)
            }
            try await running([relay, consumer]) {
                await log.wait(for: 300)
                let more = try await bridge.writeEvents(50, from: 300, publisher: publisher)
                await log.wait(for: 350)
                #expect(Set(log.ids) == Set(ids + more))
            }
            #expect(log.ids.count == 350)
            #expect(try await bridge.unpublished() == 0)
            #expect(try await bridge.js.streamInfo("test-stream-bridge").state.messages == 350)
            let last = try await bridge.js.getLastMessage(stream: "test-stream-bridge", subject: "test.data.sync.billing.crm.user.created")
            let envelope = try Envelope.decode(last.payload.readableBytesView)
            #expect(envelope.producer == "billing")
            #expect(envelope.version == 350)
            #expect(envelope.payload["n"] == .int(349))
        }
    }

    @Test func aRowWrittenByHandWithoutAnEventIDGetsOneAndKeepsIt() async throws {
        try await SQLiteBridge.with { bridge in
            try await bridge.database.withTransaction { connection in
                _ = try await connection.query(
                    "INSERT INTO jetstream_outbox_events (resource_type, resource_id, event_type, payload) VALUES ('user', '7', 'created', '{\"n\":7}')"
                )
            }
            let relay = OutboxRelay(
                configuration: bridge.producer,
                store: SQLiteOutboxStore(database: bridge.database),
                client: bridge.client,
                options: Self.relayOptions()
            )
            let log = IDLog()
            let consumer = Consumer(configuration: bridge.consumer, client: bridge.client, durableName: "crm") { log.record($0.event.eventID) }
            try await running([relay, consumer]) { await log.wait(for: 1) }
            let stored = try await bridge.database.withTransaction { connection in
                try await connection.query("SELECT event_id FROM jetstream_outbox_events").first?.column("event_id")?.string
            }
            #expect(log.ids == [stored ?? "none"])
            #expect(ULID(string: stored ?? "") != nil)
        }
    }

    @Test func twoRelaysSideBySidePublishEachRowOnce() async throws {
        try await SQLiteBridge.with { bridge in
            let publisher = Publisher(configuration: bridge.producer)
            let ids = try await bridge.writeEvents(2000, publisher: publisher)
            let store = SQLiteOutboxStore(database: bridge.database)
            let first = OutboxRelay(configuration: bridge.producer, store: store, client: bridge.client, options: Self.relayOptions(batchSize: 50))
            let second = OutboxRelay(configuration: bridge.producer, store: store, client: bridge.client, options: Self.relayOptions(batchSize: 50))
            let log = IDLog()
            let consumer = Consumer(configuration: bridge.consumer, client: bridge.client, durableName: "crm", batchSize: 200) {
                log.record($0.event.eventID)
            }
            try await running([first, second, consumer]) { await log.wait(for: 2000) }
            #expect(Set(log.ids) == Set(ids))
            #expect(log.ids.count == 2000)
            #expect(try await bridge.js.streamInfo("test-stream-bridge").state.messages == 2000)
        }
    }

    @Test func theInboxHandlesARedeliveredEventOnceAndKeepsTheHandlersWritesWithIt() async throws {
        try await SQLiteBridge.with { bridge in
            try await bridge.database.withTransaction { connection in
                _ = try await connection.query("CREATE TABLE users (id TEXT PRIMARY KEY, handled INT NOT NULL DEFAULT 1)")
            }
            let publisher = Publisher(configuration: bridge.producer, client: bridge.client)
            try await publisher.prepare()
            let log = IDLog()
            let consumer = Consumer(
                configuration: bridge.consumer,
                client: bridge.client,
                durableName: "crm",
                inbox: SQLiteInbox(database: bridge.database)
            ) { message, connection in
                _ = try await connection.query(
                    "INSERT INTO users (id) VALUES (?) ON CONFLICT (id) DO UPDATE SET handled = handled + 1",
                    [.text(message.event.resourceID)]
                )
                log.record(message.event.eventID)
            }
            let event = try await publisher.publish(resourceType: "user", resourceID: "u1", eventType: "created")
            let marker = ReferenceBox<String>()
            try await running([consumer]) {
                await log.wait(for: 1)
                _ = try await bridge.js.publish(
                    event.subject,
                    payload: .init(bytes: event.envelope.encoded()),
                    options: PublishOptions(messageID: "again")
                )
                marker.value = try await publisher.publish(resourceType: "user", resourceID: "u2", eventType: "created").envelope.eventID
                await log.wait(for: 2)
            }
            #expect(log.ids == [event.envelope.eventID, marker.value ?? ""])
            let users = try await bridge.database.withTransaction { connection in
                try await connection.query("SELECT id, handled FROM users ORDER BY id").map {
                    "\($0.column("id")?.string ?? "")=\($0.column("handled")?.integer ?? 0)"
                }
            }
            #expect(users == ["u1=1", "u2=1"])
        }
    }

    @Test func aFailedHandlersWritesAreRolledBackWithItsInboxRowAndTheRetryCommits() async throws {
        try await SQLiteBridge.with(
            configure: { $0.backoff = [.milliseconds(20)] },
            { bridge in
                try await bridge.database.withTransaction { connection in
                    _ = try await connection.query("CREATE TABLE users (id TEXT PRIMARY KEY)")
                }
                let publisher = Publisher(configuration: bridge.producer, client: bridge.client)
                try await publisher.prepare()
                let log = IDLog()
                let consumer = Consumer(
                    configuration: bridge.consumer,
                    client: bridge.client,
                    durableName: "crm",
                    inbox: SQLiteInbox(database: bridge.database)
                ) { message, connection in
                    _ = try await connection.query("INSERT INTO users (id) VALUES (?)", [.text(message.event.resourceID)])
                    log.record("\(message.deliveries)")
                    if message.deliveries == 1 { throw PermanentlyFirst() }
                }
                try await running([consumer]) {
                    try await publisher.publish(resourceType: "user", resourceID: "u1", eventType: "created")
                    await log.wait(for: 2)
                }
                #expect(log.ids == ["1", "2"])
                let count = try await bridge.database.withTransaction { connection in
                    try await connection.query("SELECT count(*) AS n FROM users").first?.column("n")?.integer
                }
                #expect(count == 1)
            }
        )
    }
}
