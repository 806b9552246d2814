import JetStream
import NATS
import NATSTestSupport
import SluiceBridge
import SluiceCore
import Synchronization
import Testing

@Suite struct HandlerFailureTests {
    struct Flaky: Error {}

    /// Short delays, so the test runs quickly; the policy is the same as with the default list.
    static func quick(_ configuration: inout BridgeConfiguration) {
        configuration.maxDeliver = 3
        configuration.backoff = [.milliseconds(50), .milliseconds(100)]
    }

    @Test func aFailingEventIsRetriedUpToMaxDeliverThenDeadLettered() async throws {
        try await BridgePair.with(configure: Self.quick) { pair in
            let dlq = try await pair.client.subscribe(pair.consumer.dlqSubject)
            let terminated = try await pair.client.subscribe("$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.test-stream-bridge.failing")
            let publisher = Publisher(configuration: pair.producer, client: pair.client)
            try await publisher.prepare()
            let log = HandlerLog()
            let consumer = Consumer(configuration: pair.consumer, client: pair.client, durableName: "failing") { message in
                log.record(message)
                throw Flaky()
            }
            let event = try await running(consumer) {
                let event = try await publisher.publish(resourceType: "user", resourceID: "1", eventType: "created")
                #expect(await log.next(3).map(\.deliveries) == [1, 2, 3])
                var letters = dlq.makeAsyncIterator()
                let letter = try #require(try await letters.next())
                #expect(letter.headers?[BridgeHeader.reason] == "max_deliver")
                #expect(letter.headers?[BridgeHeader.originalSubject] == event.subject)
                #expect(letter.headers?[BridgeHeader.deliveries] == "3")
                #expect(letter.headers?[BridgeHeader.consumer] == "failing")
                #expect(letter.headers?[BridgeHeader.error]?.contains("Flaky") == true)
                #expect(try Envelope.decode(letter.payload.readableBytesView) == event.envelope)
                return event
            }
            // Terminated (the server's advisory says so): not delivered again, nothing pending.
            var advisories = terminated.makeAsyncIterator()
            _ = try await advisories.next()
            #expect(log.all.count == 3)
            let info = try await JetStreamContext(client: pair.client).consumerInfo(stream: "test-stream-bridge", name: "failing")
            #expect(info.numAckPending == 0)
            #expect(info.numPending == 0)
            let stored = try await DeadLetterQueue(configuration: pair.consumer, client: pair.client).list()
            #expect(stored.map(\.originalSubject) == [event.subject])
            #expect(stored.first?.deliveries == 3)
        }
    }

    @Test func aPermanentFailureIsDeadLetteredAtOnceAndAReplayAfterAFixIsHandledOnce() async throws {
        try await BridgePair.with(configure: Self.quick) { pair in
            let dlq = try await pair.client.subscribe(pair.consumer.dlqSubject)
            let publisher = Publisher(configuration: pair.producer, client: pair.client)
            try await publisher.prepare()
            let fixed = Atomic<Bool>(false)
            let log = HandlerLog()
            let consumer = Consumer(configuration: pair.consumer, client: pair.client, durableName: "strict") { message in
                guard fixed.load(ordering: .acquiring) else { throw PermanentFailure("no email in the payload") }
                log.record(message)
            }
            try await running(consumer) {
                let event = try await publisher.publish(resourceType: "user", resourceID: "9", eventType: "created")
                var letters = dlq.makeAsyncIterator()
                let letter = try #require(try await letters.next())
                #expect(letter.headers?[BridgeHeader.reason] == "permanent")
                #expect(letter.headers?[BridgeHeader.deliveries] == "1")
                #expect(letter.headers?[BridgeHeader.error] == "no email in the payload")

                fixed.store(true, ordering: .releasing)
                let queue = DeadLetterQueue(configuration: pair.consumer, client: pair.client)
                #expect(try await queue.replay() == 1)
                let handled = await log.next(1)
                #expect(handled.map(\.event) == [event.envelope])
                #expect(try await queue.list().isEmpty)
            }
            #expect(log.all.count == 1)
        }
    }

    @Test func aMessageThatIsNotAnEnvelopeIsDeadLetteredWithoutCallingTheHandler() async throws {
        try await BridgePair.with(configure: Self.quick) { pair in
            let dlq = try await pair.client.subscribe(pair.consumer.dlqSubject)
            try await pair.consumer.ensureStream(JetStreamContext(client: pair.client))
            let log = HandlerLog()
            let consumer = Consumer(configuration: pair.consumer, client: pair.client, durableName: "bad") { log.record($0) }
            try await running(consumer) {
                _ = try await JetStreamContext(client: pair.client).publish("test.data.sync.billing.crm.user.created", "not json")
                var letters = dlq.makeAsyncIterator()
                let letter = try #require(try await letters.next())
                #expect(letter.headers?[BridgeHeader.reason] == "malformed")
                #expect(letter.string == "not json")
            }
            #expect(log.all.isEmpty)
        }
    }

    @Test func aLongHandlerKeepsItsMessageWithInProgressAcks() async throws {
        try await BridgePair.with(
            configure: { $0.ackWait = .seconds(3) },
            { pair in
                let publisher = Publisher(configuration: pair.producer, client: pair.client)
                try await publisher.prepare()
                let log = HandlerLog()
                let consumer = Consumer(configuration: pair.consumer, client: pair.client, durableName: "slow") { message in
                    log.record(message)
                    // Work that outlasts the ack wait twice over.
                    try await Task.sleep(for: .seconds(7))
                }
                try await running(consumer) {
                    try await publisher.publish(resourceType: "report", resourceID: "1", eventType: "requested")
                    _ = await log.next(1)
                }
                #expect(log.all.map(\.deliveries) == [1])
                let info = try await JetStreamContext(client: pair.client).consumerInfo(stream: "test-stream-bridge", name: "slow")
                #expect(info.numRedelivered == 0)
                #expect(info.numAckPending == 0)
            }
        )
    }
}
