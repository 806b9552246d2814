import JetStream
import NATS
import NATSTestSupport
import SluiceBridge
import SluiceCore
import Testing

@Suite struct PublishConsumeTests {
    @Test func aPublishedEventReachesTheOtherAppsHandlerAndIsAcked() async throws {
        try await BridgePair.with { pair in
            let publisher = Publisher(configuration: pair.producer, client: pair.client)
            try await publisher.prepare()
            let log = HandlerLog()
            let consumer = Consumer(configuration: pair.consumer, client: pair.client, durableName: "crm-events") { log.record($0) }
            let published = try await running(consumer) {
                let event = try await publisher.publish(resourceType: "user", resourceID: "42", eventType: "created", payload: ["name": "Ada"])
                let seen = await log.next(1)
                #expect(seen.map(\.event) == [event.envelope])
                #expect(seen.first?.subject == "test.data.sync.billing.crm.user.created")
                #expect(seen.first?.deliveries == 1)
                return event
            }
            #expect(published.envelope.producer == "billing")
            #expect(published.envelope.schemaVersion == 1)
            #expect(ULID(string: published.envelope.eventID) != nil)
            let js = JetStreamContext(client: pair.client)
            let info = try await js.consumerInfo(stream: "test-stream-bridge", name: "crm-events")
            #expect(info.numAckPending == 0)
            #expect(info.numPending == 0)
            let stream = try await js.streamInfo("test-stream-bridge")
            #expect((stream.config.duplicateWindow ?? .zero) >= .seconds(120))
        }
    }

    @Test func theEventIDIsTheMessageIDSoARepublishIsDropped() async throws {
        try await BridgePair.with { pair in
            let publisher = Publisher(configuration: pair.producer, client: pair.client)
            try await publisher.prepare()
            let event = try await publisher.publish(resourceType: "user", resourceID: "1", eventType: "created")
            let js = JetStreamContext(client: pair.client)
            let again = try await js.publish(
                event.subject,
                payload: .init(bytes: event.envelope.encoded()),
                options: PublishOptions(messageID: event.envelope.eventID)
            )
            #expect(!event.ack.duplicate)
            #expect(again.duplicate)
            #expect(try await js.streamInfo("test-stream-bridge").state.messages == 1)
        }
    }

    @Test func theEphemeralModeConnectsPublishesAndCloses() async throws {
        try await BridgePair.with { pair in
            let event = try await Publisher.publishOnce(configuration: pair.producer, resourceType: "user", resourceID: "7", eventType: "deleted")
            let stored = try await JetStreamContext(client: pair.client).getLastMessage(stream: "test-stream-bridge", subject: event.subject)
            #expect(try Envelope.decode(stored.payload.readableBytesView) == event.envelope)
        }
    }

    @Test func withUseOutboxADirectPublishIsRefused() async throws {
        var configuration = BridgeConfiguration(destinationApp: "crm")
        configuration.useOutbox = true
        let publisher = Publisher(configuration: configuration)
        await #expect(throws: BridgeError.self) {
            try await publisher.publish(resourceType: "user", resourceID: "1", eventType: "created")
        }
    }

    @Test func aConsumerStopsAfterDrainingWhatItReceived() async throws {
        try await BridgePair.with { pair in
            let publisher = Publisher(configuration: pair.producer, client: pair.client)
            try await publisher.prepare()
            for index in 0..<20 {
                try await publisher.publish(resourceType: "user", resourceID: "\(index)", eventType: "created")
            }
            let log = HandlerLog()
            let consumer = Consumer(configuration: pair.consumer, client: pair.client, durableName: "drain", batchSize: 5) { log.record($0) }
            try await running(consumer) {
                _ = await log.next(1)
            }
            // Every message handled before the stop was acked; the others are still there for the next run.
            let info = try await JetStreamContext(client: pair.client).consumerInfo(stream: "test-stream-bridge", name: "drain")
            #expect(Int(info.numPending) + info.numAckPending == 20 - log.all.count)
            #expect(Set(log.all.map(\.event.resourceID)).count == log.all.count)
        }
    }
}
