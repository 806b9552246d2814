import JetStream
import NATS
import NATSTestSupport
import NIOCore
import Testing

@Suite struct AsyncPublishTests {
    @Test func everyPublishGetsItsAcknowledgement() async throws {
        try await withJetStream { js, _ in
            _ = try await js.createStream(StreamConfig(name: "A", subjects: ["a.>"]))
            let publisher = try await js.makePublisher(options: .init(maxPending: 256))
            var futures: [PubAckFuture] = []
            for index in 0..<5000 {
                futures.append(try await publisher.publish("a.\(index % 7)", "\(index)"))
                #expect(publisher.pendingCount <= 256)
            }
            try await publisher.waitForPendingAcks()
            #expect(publisher.pendingCount == 0)
            var sequences: [UInt64] = []
            for future in futures { sequences.append(try await future.value().sequence) }
            #expect(sequences == (1...5000).map { UInt64($0) })
            #expect(try await js.streamInfo("A").state.messages == 5000)
            await publisher.close()
        }
    }

    @Test func failuresGoToTheirFuture() async throws {
        try await withJetStream { js, _ in
            _ = try await js.createStream(StreamConfig(name: "A", subjects: ["a"]))
            let publisher = try await js.makePublisher()
            let good = try await publisher.publish("a", "1")
            let conflict = try await publisher.publish("a", "2", options: PublishOptions(expectedLastSequence: 99))
            let nobody = try await publisher.publish("unrouted", "3")
            try await publisher.waitForPendingAcks()
            #expect(try await good.value().sequence == 1)
            let conflictError = try await #require(throws: JetStreamError.self) { try await conflict.value() }
            #expect(conflictError.errorCode == .wrongLastSequence)
            let nobodyError = try await #require(throws: JetStreamError.self) { try await nobody.value() }
            #expect(nobodyError.code == .noResponders)
            await publisher.close()
            let closed = try await #require(throws: JetStreamError.self) { try await publisher.publish("a", "4") }
            #expect(closed.code == .connectionClosed)
        }
    }

    @Test func pendingAcknowledgementsFailOnDisconnect() async throws {
        try await withJetStream { js, server in
            // A plain subscriber that never answers keeps the acknowledgement pending.
            let silent = try await js.client.subscribe("blackhole")
            try await js.client.flush()
            let publisher = try await js.makePublisher(options: .init(maxPending: 100, ackTimeout: .seconds(30)))
            let future = try await publisher.publish("blackhole", "lost")
            try await js.client.flush()
            #expect(publisher.pendingCount == 1)
            await server.kill()
            let error = try await #require(throws: JetStreamError.self) {
                try await withTimeout(.seconds(5), "waiting for the failure") { try await future.value() }
            }
            #expect(error.code == .connectionClosed)
            #expect(publisher.pendingCount == 0)
            _ = silent
            await publisher.close()
        }
    }

    @Test func acknowledgementsTimeOut() async throws {
        try await withJetStream { js, _ in
            let silent = try await js.client.subscribe("blackhole")
            try await js.client.flush()
            let publisher = try await js.makePublisher(options: .init(maxPending: 10, ackTimeout: .milliseconds(500)))
            let future = try await publisher.publish("blackhole", "never acknowledged")
            let error = try await #require(throws: JetStreamError.self) {
                try await withTimeout(.seconds(5), "waiting for the timeout") { try await future.value() }
            }
            #expect(error.code == .timeout)
            _ = silent
            await publisher.close()
        }
    }
}
