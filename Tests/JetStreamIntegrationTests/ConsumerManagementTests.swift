import Foundation
import JetStream
import Testing

@Suite struct ConsumerManagementTests {
    @Test func edgeAndBridgeConsumersAreCreatedAsConfigured() async throws {
        try await withJetStream { js, _ in
            _ = try await js.createStream(StreamConfig(name: "EDGE", subjects: ["rsfga.changes.>"]))
            // An edge's durable consumer with several store filters.
            var edge = ConsumerConfig(durableName: "edge-42")
            edge.name = "edge-42"
            edge.filterSubjects = ["rsfga.changes.store1.>", "rsfga.changes.store2.>"]
            edge.deliverPolicy = .new
            edge.ackWait = .seconds(30)
            edge.maxDeliver = 3
            edge.maxAckPending = 1000
            edge.maxWaiting = 512
            let edgeInfo = try await js.createConsumer(stream: "EDGE", config: edge)
            #expect(edgeInfo.name == "edge-42")
            #expect(edgeInfo.config.filterSubjects == edge.filterSubjects)
            #expect(edgeInfo.config.deliverPolicy == .new)
            #expect(edgeInfo.config.ackWait == .seconds(30))
            #expect(edgeInfo.config.maxDeliver == 3)
            #expect(edgeInfo.config.maxAckPending == 1000)
            #expect(edgeInfo.config.maxWaiting == 512)

            // A bridge's durable pull consumer with backoff and max_deliver.
            let bridge = ConsumerConfig(
                durableName: "production-peerapp-events",
                filterSubjects: ["rsfga.changes.peerapp.>"],
                ackWait: .seconds(30),
                maxDeliver: 6,
                backoff: [.seconds(1), .seconds(5), .seconds(15), .seconds(30), .seconds(60)]
            )
            let bridgeInfo = try await js.createConsumer(stream: "EDGE", config: bridge)
            #expect(bridgeInfo.config.backoff == [.seconds(1), .seconds(5), .seconds(15), .seconds(30), .seconds(60)])
            #expect(bridgeInfo.config.filterSubject == "rsfga.changes.peerapp.>")

            #expect(try await js.consumerNames(stream: "EDGE").sorted() == ["edge-42", "production-peerapp-events"])
            #expect(try await js.consumers(stream: "EDGE").count == 2)
        }
    }

    @Test func createUpdateAndTheirErrors() async throws {
        try await withJetStream { js, _ in
            _ = try await js.createStream(StreamConfig(name: "S", subjects: ["s.>"]))
            var config = ConsumerConfig(durableName: "worker")
            config.ackWait = .seconds(10)
            _ = try await js.createConsumer(stream: "S", config: config)
            _ = try await js.createConsumer(stream: "S", config: config)  // same config: fine

            var changed = config
            changed.ackWait = .seconds(20)
            let exists = try await #require(throws: JetStreamError.self) { try await js.createConsumer(stream: "S", config: changed) }
            #expect(exists.errorCode == .consumerAlreadyExists)
            let updated = try await js.updateConsumer(stream: "S", config: changed)
            #expect(updated.config.ackWait == .seconds(20))

            let missing = try await #require(throws: JetStreamError.self) {
                try await js.updateConsumer(stream: "S", config: ConsumerConfig(durableName: "nobody"))
            }
            #expect(missing.errorCode == .consumerDoesNotExist)

            try await js.deleteConsumer(stream: "S", name: "worker")
            let notFound = try await #require(throws: JetStreamError.self) { try await js.consumerInfo(stream: "S", name: "worker") }
            #expect(notFound.errorCode == .consumerNotFound)
        }
    }

    @Test func ephemeralConsumersGetAServerName() async throws {
        try await withJetStream { js, _ in
            _ = try await js.createStream(StreamConfig(name: "S", subjects: ["s.>"]))
            var config = ConsumerConfig()
            config.inactiveThreshold = .seconds(10)
            config.filterSubject = "s.a"
            let info = try await js.createConsumer(stream: "S", config: config)
            #expect(!info.name.isEmpty)
            #expect(info.config.durableName == nil)
            #expect(info.config.inactiveThreshold == .seconds(10))
        }
    }

    @Test func pauseAndResume() async throws {
        try await withJetStream { js, _ in
            _ = try await js.createStream(StreamConfig(name: "S", subjects: ["s.>"]))
            _ = try await js.createConsumer(stream: "S", config: ConsumerConfig(durableName: "c"))
            let (paused, until) = try await js.pauseConsumer(stream: "S", name: "c", until: Date().addingTimeInterval(3600))
            #expect(paused)
            #expect(until != nil)
            #expect(try await js.consumerInfo(stream: "S", name: "c").paused)
            try await js.resumeConsumer(stream: "S", name: "c")
            #expect(try await js.consumerInfo(stream: "S", name: "c").paused == false)
        }
    }
}
