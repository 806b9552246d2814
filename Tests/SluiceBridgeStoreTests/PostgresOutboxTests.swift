import JetStream
import NATS
import NATSTestSupport
import PostgresNIO
import SluiceBridge
import SluiceBridgePostgres
import SluiceCore
import Synchronization
import Testing

@Suite struct PostgresOutboxTests {
    struct Rollback: Error {}

    static func relayOptions() -> OutboxRelay<PostgresOutboxStore>.Options {
        var options = OutboxRelay<PostgresOutboxStore>.Options()
        options.batchSize = 200
        return options
    }

    @Test func anEventPublishedInATransactionThatRollsBackNeverReachesJetStream() async throws {
        try await PostgresBridge.with { bridge in
            let publisher = Publisher(configuration: bridge.producer)
            let relay = OutboxRelay(configuration: bridge.producer, store: PostgresOutboxStore(client: bridge.postgres), client: bridge.client)
            let log = IDLog()
            let consumer = Consumer(configuration: bridge.consumer, client: bridge.client, durableName: "crm") { log.record($0.event.eventID) }
            let rolledBack = ReferenceBox<String>()
            await #expect(throws: (any Error).self) {
                try await bridge.postgres.withTransaction(logger: PostgresBridge.logger) { connection in
                    let envelope = try await publisher.publish(resourceType: "user", resourceID: "1", eventType: "created", in: connection)
                    rolledBack.value = envelope.eventID
                    throw Rollback()
                }
            }
            let committed = try await bridge.writeEvents(1, publisher: publisher)
            try await running([relay, consumer]) {
                // The committed event, written after the rolled-back one, arrives: the relay has looked past it.
                await log.wait(for: 1)
            }
            #expect(log.ids == committed)
            #expect(rolledBack.value != nil)
            #expect(!log.ids.contains(rolledBack.value ?? ""))
            #expect(try await bridge.js.streamInfo("test-stream-bridge").state.messages == 1)
        }
    }

    @Test func theRelayPublishesEveryRowOnceAndMarksItPublished() async throws {
        try await PostgresBridge.with { bridge in
            let publisher = Publisher(configuration: bridge.producer)
            let ids = try await bridge.writeEvents(300, publisher: publisher)
            let log = IDLog()
            let relay = OutboxRelay(
                configuration: bridge.producer,
                store: PostgresOutboxStore(client: bridge.postgres),
                client: bridge.client,
                options: Self.relayOptions()
            )
            let consumer = Consumer(configuration: bridge.consumer, client: bridge.client, durableName: "crm", batchSize: 100) {
                log.record($0.event.eventID)
            }
            try await running([relay, consumer]) {
                await log.wait(for: 300)
                // Written while the relay runs: woken by NOTIFY (or the poll).
                let more = try await bridge.writeEvents(50, from: 300, publisher: publisher)
                await log.wait(for: 350)
                #expect(Set(log.ids) == Set(ids + more))
            }
            #expect(log.ids.count == 350)
            #expect(try await bridge.unpublished() == 0)
            #expect(try await bridge.js.streamInfo("test-stream-bridge").state.messages == 350)
            // The relay stamps producer and version (the row id).
            let last = try await bridge.js.getLastMessage(stream: "test-stream-bridge", subject: "test.data.sync.billing.crm.user.created")
            let envelope = try Envelope.decode(last.payload.readableBytesView)
            #expect(envelope.producer == "billing")
            #expect(envelope.version == 350)
            #expect(envelope.payload["n"] == .int(349))
        }
    }

    @Test func twoRelaysSideBySidePublishEachRowOnce() async throws {
        try await PostgresBridge.with { bridge in
            let publisher = Publisher(configuration: bridge.producer)
            let ids = try await bridge.writeEvents(2000, publisher: publisher)
            var options = Self.relayOptions()
            options.batchSize = 50
            let store = PostgresOutboxStore(client: bridge.postgres)
            let first = OutboxRelay(configuration: bridge.producer, store: store, client: bridge.client, options: options)
            let second = OutboxRelay(configuration: bridge.producer, store: store, client: bridge.client, options: options)
            let log = IDLog()
            let consumer = Consumer(configuration: bridge.consumer, client: bridge.client, durableName: "crm", batchSize: 200) {
                log.record($0.event.eventID)
            }
            try await running([first, second, consumer]) {
                await log.wait(for: 2000)
            }
            #expect(Set(log.ids) == Set(ids))
            #expect(log.ids.count == 2000)
            let stream = try await bridge.js.streamInfo("test-stream-bridge")
            #expect(stream.state.messages == 2000)
        }
    }

    @Test func theInboxHandlesARedeliveredEventOnceAndKeepsTheHandlersWritesWithIt() async throws {
        try await PostgresBridge.with { bridge in
            try await bridge.postgres.query("CREATE TABLE users (id TEXT PRIMARY KEY, handled INT NOT NULL DEFAULT 1)")
            let publisher = Publisher(configuration: bridge.producer, client: bridge.client)
            try await publisher.prepare()
            let log = IDLog()
            let inbox = PostgresInbox(client: bridge.postgres)
            let consumer = Consumer(configuration: bridge.consumer, client: bridge.client, durableName: "crm", inbox: inbox) { message, connection in
                try await connection.query(
                    "INSERT INTO users (id) VALUES (\(message.event.resourceID)) ON CONFLICT (id) DO UPDATE SET handled = users.handled + 1",
                    logger: PostgresBridge.logger
                )
                log.record(message.event.eventID)
            }
            let event = try await publisher.publish(resourceType: "user", resourceID: "u1", eventType: "created")
            let marker = ReferenceBox<String>()
            try await running([consumer]) {
                await log.wait(for: 1)
                // The same event again, as a redelivery or a replay would bring it (another message id, same event id).
                _ = try await bridge.js.publish(
                    event.subject,
                    payload: .init(bytes: event.envelope.encoded()),
                    options: PublishOptions(messageID: "again")
                )
                let next = try await publisher.publish(resourceType: "user", resourceID: "u2", eventType: "created")
                marker.value = next.envelope.eventID
                await log.wait(for: 2)
            }
            #expect(log.ids == [event.envelope.eventID, marker.value ?? ""])
            let rows = try await bridge.postgres.query("SELECT id, handled FROM users ORDER BY id")
            var users: [String: Int] = [:]
            for try await (id, handled) in rows.decode((String, Int).self) { users[id] = handled }
            #expect(users == ["u1": 1, "u2": 1])
            let inboxRows = try await bridge.postgres.query("SELECT count(*) FROM jetstream_inbox_events WHERE processed_at IS NOT NULL")
            for try await count in inboxRows.decode(Int.self) { #expect(count == 2) }
        }
    }

    @Test func aFailedHandlersWritesAreRolledBackWithItsInboxRowAndTheRetryCommits() async throws {
        try await PostgresBridge.with(
            configure: { $0.backoff = [.milliseconds(20)] },
            { bridge in
                try await bridge.postgres.query("CREATE TABLE users (id TEXT PRIMARY KEY)")
                let publisher = Publisher(configuration: bridge.producer, client: bridge.client)
                try await publisher.prepare()
                let log = IDLog()
                let consumer = Consumer(
                    configuration: bridge.consumer,
                    client: bridge.client,
                    durableName: "crm",
                    inbox: PostgresInbox(client: bridge.postgres)
                ) { message, connection in
                    try await connection.query("INSERT INTO users (id) VALUES (\(message.event.resourceID))", logger: PostgresBridge.logger)
                    log.record("\(message.deliveries)")
                    if message.deliveries == 1 { throw PermanentlyFirst() }
                }
                try await running([consumer]) {
                    try await publisher.publish(resourceType: "user", resourceID: "u1", eventType: "created")
                    await log.wait(for: 2)
                }
                #expect(log.ids == ["1", "2"])
                let rows = try await bridge.postgres.query("SELECT count(*) FROM users")
                for try await count in rows.decode(Int.self) { #expect(count == 1) }
            }
        )
    }

    struct PermanentlyFirst: Error {}
}

/// A value set inside a closure and read after it.
final class ReferenceBox<Value: Sendable>: Sendable {
    private let state = Mutex<Value?>(nil)
    var value: Value? {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
