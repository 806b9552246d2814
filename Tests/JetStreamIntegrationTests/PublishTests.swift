import JetStream
import NATS
import NIOCore
import Testing

@Suite struct PublishTests {
    @Test func acknowledgementsCarryStreamAndSequence() async throws {
        try await withJetStream { js, _ in
            _ = try await js.createStream(StreamConfig(name: "ORDERS", subjects: ["orders.>"]))
            let first = try await js.publish("orders.created", "1")
            let second = try await js.publish("orders.created", payload: ByteBuffer(string: "2"), headers: ["traceparent": "00-abc-01"])
            #expect(first == PubAck(stream: "ORDERS", sequence: 1))
            #expect(second.sequence == 2)
            #expect(!second.duplicate)
        }
    }

    @Test func aDuplicateWithinTheWindowIsReportedAsDuplicate() async throws {
        try await withJetStream { js, _ in
            _ = try await js.createStream(StreamConfig(name: "S", subjects: ["s"], duplicateWindow: .seconds(60)))
            let options = PublishOptions(messageID: "01HXYZ")
            let first = try await js.publish("s", "event", options: options)
            let again = try await js.publish("s", "event", options: options)
            #expect(!first.duplicate)
            #expect(again.duplicate)
            #expect(again.sequence == first.sequence)
            #expect(try await js.streamInfo("S").state.messages == 1)
        }
    }

    @Test func expectationConflictsAreTypedErrors() async throws {
        try await withJetStream { js, _ in
            _ = try await js.createStream(StreamConfig(name: "S", subjects: ["s.>"]))
            _ = try await js.publish("s.a", "1", options: PublishOptions(messageID: "m1"))

            let wrongSequence = try await #require(throws: JetStreamError.self) {
                try await js.publish("s.a", "2", options: PublishOptions(expectedLastSequence: 5))
            }
            #expect(wrongSequence.errorCode == .wrongLastSequence)
            #expect(wrongSequence.apiError?.code == 400)
            _ = try await js.publish("s.a", "2", options: PublishOptions(expectedLastSequence: 1))

            let wrongSubjectSequence = try await #require(throws: JetStreamError.self) {
                try await js.publish("s.b", "x", options: PublishOptions(expectedLastSubjectSequence: 1))
            }
            #expect(wrongSubjectSequence.errorCode == .wrongLastSequence)
            _ = try await js.publish("s.b", "x", options: PublishOptions(expectedLastSubjectSequence: 0))

            let wrongStream = try await #require(throws: JetStreamError.self) {
                try await js.publish("s.a", "3", options: PublishOptions(expectedStream: "OTHER"))
            }
            #expect(wrongStream.errorCode == .streamNotMatch)

            let wrongID = try await #require(throws: JetStreamError.self) {
                try await js.publish("s.a", "3", options: PublishOptions(expectedLastMessageID: "nope"))
            }
            #expect(wrongID.errorCode == .wrongLastMessageID)
        }
    }

    @Test func perMessageTTL() async throws {
        try await withJetStream { js, _ in
            var config = StreamConfig(name: "T", subjects: ["t"])
            config.allowMessageTTL = true
            _ = try await js.createStream(config)
            _ = try await js.publish("t", "short-lived", options: PublishOptions(ttl: .seconds(3)))
            _ = try await js.publish("t", "kept")
            #expect(try await js.streamInfo("T").state.messages == 2)
            // The server removes the message some time after its TTL; poll rather than guess how long.
            var remaining = 2
            for _ in 0..<60 where remaining != 1 {
                try await Task.sleep(for: .milliseconds(250))
                remaining = Int(try await js.streamInfo("T").state.messages)
            }
            #expect(remaining == 1)

            _ = try await js.createStream(StreamConfig(name: "NOTTL", subjects: ["nottl"]))
            let disabled = try await #require(throws: JetStreamError.self) {
                try await js.publish("nottl", "x", options: PublishOptions(ttl: .seconds(5)))
            }
            #expect(disabled.errorCode == .messageTTLDisabled)
        }
    }

    @Test func noStreamIsNoResponders() async throws {
        try await withJetStream { js, _ in
            var options = PublishOptions()
            options.retryAttempts = 1
            options.retryWait = .milliseconds(10)
            let error = try await #require(throws: JetStreamError.self) { try await js.publish("nobody.listens", "x", options: options) }
            #expect(error.code == .noResponders)
        }
    }
}
