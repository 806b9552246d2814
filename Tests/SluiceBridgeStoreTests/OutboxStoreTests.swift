import JetStream
import NATS
import NATSTestSupport
import SluiceBridge
import SluiceCore
import Synchronization
import Testing

/// The outbox relay and the inbox on each store: the same guarantees on PostgreSQL and SQLite.
@Suite struct OutboxStoreTests {
    struct FailsTheFirstDelivery: Error {}

    @Test(arguments: StoreKind.allCases)
    func anEventPublishedInATransactionThatRollsBackNeverReachesJetStream(_ store: StoreKind) async throws {
        try await store.with { bridge in
            let publisher = Publisher(configuration: bridge.producer)
            let log = IDLog()
            let consumer = Consumer(configuration: bridge.consumer, client: bridge.client, durableName: "crm") { log.record($0.event.eventID) }
            let rolledBack = try await bridge.writeRolledBack(publisher: publisher)
            let committed = try await bridge.writeEvents(1, publisher: publisher)
            try await running([bridge.relay(batchSize: 200), consumer]) {
                // The committed event, written after the rolled-back one, arrives: the relay has looked past it.
                await log.wait(for: 1)
            }
            #expect(log.ids == committed)
            #expect(!log.ids.contains(rolledBack))
            #expect(try await bridge.outboxEventIDs() == committed)
            #expect(try await bridge.js.streamInfo("test-stream-bridge").state.messages == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theRelayPublishesEveryRowOnceInOrderAndMarksItPublished(_ store: StoreKind) async throws {
        try await store.with { bridge in
            let publisher = Publisher(configuration: bridge.producer)
            let ids = try await bridge.writeEvents(300, publisher: publisher)
            let log = IDLog()
            // In stream order, one at a time: the log's order is the order the relay published in.
            let consumer = Consumer(configuration: bridge.consumer, client: bridge.client, durableName: "crm", batchSize: 100) {
                log.record($0.event.eventID)
            }
            // Small batches, so that several are in flight at once.
            try await running([bridge.relay(batchSize: 20), consumer]) {
                await log.wait(for: 300)
                // Written while the relay runs: woken by NOTIFY or the poll.
                let more = try await bridge.writeEvents(50, from: 300, publisher: publisher)
                await log.wait(for: 350)
                #expect(log.ids == ids + more)
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

    @Test(arguments: StoreKind.allCases)
    func aRowWrittenByHandWithoutAnEventIDGetsOneAndKeepsIt(_ store: StoreKind) async throws {
        try await store.with { bridge in
            try await bridge.insertRowByHand()
            let log = IDLog()
            let consumer = Consumer(configuration: bridge.consumer, client: bridge.client, durableName: "crm") { log.record($0.event.eventID) }
            try await running([bridge.relay(batchSize: 200), consumer]) { await log.wait(for: 1) }
            let stored = try await bridge.outboxEventIDs()
            #expect(log.ids == stored)
            #expect(ULID(string: stored.first ?? "") != nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func twoRelaysSideBySidePublishEachRowOnce(_ store: StoreKind) async throws {
        try await store.with { bridge in
            let publisher = Publisher(configuration: bridge.producer)
            let ids = try await bridge.writeEvents(2000, publisher: publisher)
            let log = IDLog()
            let consumer = Consumer(configuration: bridge.consumer, client: bridge.client, durableName: "crm", batchSize: 200) {
                log.record($0.event.eventID)
            }
            try await running([bridge.relay(batchSize: 50), bridge.relay(batchSize: 50), consumer]) { await log.wait(for: 2000) }
            #expect(Set(log.ids) == Set(ids))
            #expect(log.ids.count == 2000)
            #expect(try await bridge.js.streamInfo("test-stream-bridge").state.messages == 2000)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theInboxHandlesARedeliveredEventOnceAndKeepsTheHandlersWritesWithIt(_ store: StoreKind) async throws {
        try await store.with { bridge in
            let publisher = Publisher(configuration: bridge.producer, client: bridge.client)
            try await publisher.prepare()
            let log = IDLog()
            let consumer = bridge.inboxConsumer { log.record($0.event.eventID) }
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
                marker.value = try await publisher.publish(resourceType: "user", resourceID: "u2", eventType: "created").envelope.eventID
                await log.wait(for: 2)
            }
            #expect(log.ids == [event.envelope.eventID, marker.value ?? ""])
            #expect(try await bridge.users() == ["u1": 1, "u2": 1])
        }
    }

    static let quickBackoff: @Sendable (inout BridgeConfiguration) -> Void = { $0.backoff = [.milliseconds(20)] }

    @Test(arguments: StoreKind.allCases)
    func aFailedHandlersWritesAreRolledBackWithItsInboxRowAndTheRetryCommits(_ store: StoreKind) async throws {
        try await store.with(configure: Self.quickBackoff) { bridge in
            let publisher = Publisher(configuration: bridge.producer, client: bridge.client)
            try await publisher.prepare()
            let log = IDLog()
            let consumer = bridge.inboxConsumer { message in
                log.record("\(message.deliveries)")
                if message.deliveries == 1 { throw FailsTheFirstDelivery() }
            }
            try await running([consumer]) {
                try await publisher.publish(resourceType: "user", resourceID: "u1", eventType: "created")
                await log.wait(for: 2)
            }
            #expect(log.ids == ["1", "2"])
            // The first delivery's upsert was rolled back with it: the resource is counted once.
            #expect(try await bridge.users() == ["u1": 1])
        }
    }
}

/// A value set inside a closure and read after it.
final class ReferenceBox<Value: Sendable>: Sendable {
    private let state = Mutex<Value?>(nil)
    var value: Value? {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
