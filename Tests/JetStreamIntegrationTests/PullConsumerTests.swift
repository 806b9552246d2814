import JetStream
import NATS
import NATSTestSupport
import NIOCore
import Testing

@Suite struct PullConsumerTests {
    @Test func fetchReturnsABatchAndMetadata() async throws {
        try await withJetStream { js, _ in
            _ = try await js.createStream(StreamConfig(name: "S", subjects: ["s.>"]))
            try await fill(js, subject: "s.x", count: 10)
            let consumer = try await js.createPullConsumer(stream: "S", config: ConsumerConfig(durableName: "w"))
            let batch = try await collect(try await consumer.fetch(batch: 4, expires: .seconds(2)))
            #expect(batch.map(\.string) == ["m-0", "m-1", "m-2", "m-3"])
            let metadata = try batch[3].metadata()
            #expect(metadata.stream == "S")
            #expect(metadata.consumer == "w")
            #expect(metadata.streamSequence == 4)
            #expect(metadata.consumerSequence == 4)
            #expect(metadata.numDelivered == 1)
            #expect(metadata.numPending == 6)
            for message in batch { try await message.ack() }
            let info = try await consumer.info()
            #expect(info.numPending == 6)
        }
    }

    @Test func fetchEndsWhenTheRequestExpires() async throws {
        try await withJetStream { js, _ in
            let consumer = try await makeConsumerOnFilledStream(js, count: 2)
            // Asks for 10 with only 2 there: the fetch ends when the request expires, with what came.
            let fetched = try await consumer.fetch(batch: 10, expires: .seconds(1))
            let batch = try await withTimeout(.seconds(10), "waiting for the request to expire") { try await collect(fetched) }
            #expect(batch.count == 2)
            let none = try await collect(try await consumer.fetch(PullFetchOptions(batch: 10, noWait: true)))
            #expect(none.isEmpty)
        }
    }

    @Test func nakTermAndRedeliveryAfterAckWait() async throws {
        try await withJetStream { js, _ in
            var config = ConsumerConfig(durableName: "w")
            // Long enough that the nak and term below reach the server first even on a loaded machine.
            config.ackWait = .seconds(4)
            let consumer = try await makeConsumerOnFilledStream(js, count: 3, config: config)
            let batch = try await collect(try await consumer.fetch(batch: 3, expires: .seconds(2)))
            try await batch[0].nak()
            try await batch[1].term(reason: "malformed")
            // batch[2] is neither acknowledged: redelivered after the ack wait.
            // Each is acknowledged as it comes: m-0, held unacknowledged, would itself come back after the ack wait, at
            // about the time m-2 does.
            var again: [String] = []
            for try await message in try await consumer.fetch(batch: 2, expires: .seconds(8)) {
                #expect(try message.metadata().numDelivered == 2)
                try await message.ackSync()
                again.append(message.string)
            }
            #expect(Set(again) == ["m-0", "m-2"])
            let info = try await consumer.info()
            #expect(info.numAckPending == 0)
            #expect(info.ackFloor.streamSequence == 3)
        }
    }

    @Test func nakWithDelayAndInProgress() async throws {
        try await withJetStream { js, _ in
            var config = ConsumerConfig(durableName: "w")
            config.ackWait = .seconds(2)
            let consumer = try await makeConsumerOnFilledStream(js, count: 1, config: config)
            let first = try #require(try await consumer.next(expires: .seconds(2)))
            let nakAt = ContinuousClock.now
            try await first.nak(delay: .milliseconds(1500))
            let redelivered = try #require(try await consumer.next(expires: .seconds(5)))
            #expect(ContinuousClock.now - nakAt >= .milliseconds(1300))
            // Working on it for longer than the ack wait, with progress reports, keeps it from coming back.
            for _ in 0..<3 {
                try await Task.sleep(for: .milliseconds(800))
                try await redelivered.inProgress()
            }
            #expect(try await consumer.next(expires: .seconds(1)) == nil)
            try await redelivered.ackSync()
        }
    }

    @Test func backoffIsHonouredAndMaxDeliverStops() async throws {
        try await withJetStream { js, _ in
            let config = ConsumerConfig(durableName: "w", maxDeliver: 3, backoff: [.milliseconds(500), .seconds(3)])
            let consumer = try await makeConsumerOnFilledStream(js, count: 1, config: config)
            var times: [ContinuousClock.Instant] = []
            for _ in 0..<3 {
                let message = try #require(try await consumer.next(expires: .seconds(5)))
                times.append(.now)
                #expect(try message.metadata().numDelivered == UInt64(times.count))
            }
            // Measured where the client sees the messages, so one step can look short when the one before it was
            // seen late; the sum of the steps cannot.
            // Honoured, the third delivery comes 3.5 s after the first; ignored (every step at the 500 ms ack wait),
            // after 1 s. A loaded machine can see the first delivery late by most of a second, hence the margin.
            #expect(times[2] - times[0] >= .milliseconds(2500))
            // Delivered max_deliver times: never again.
            #expect(try await consumer.next(expires: .seconds(3)) == nil)
        }
    }

    @Test func messagesConsumesAcrossManyPulls() async throws {
        try await withJetStream { js, _ in
            let consumer = try await makeConsumerOnFilledStream(js, count: 1000)
            let messages = try await consumer.messages(options: PullConsumeOptions(maxMessages: 64))
            var seen: [String] = []
            for try await message in messages {
                seen.append(message.string)
                try await message.ack()
                if seen.count == 1000 { break }
            }
            messages.stop()
            #expect(seen == (0..<1000).map { "m-\($0)" })
            // Keeps going with new messages.
            try await Task.sleep(for: .milliseconds(100))
            #expect(try await consumer.info().numAckPending == 0)
        }
    }

    @Test func messagesEndsWhenTheConsumerIsDeleted() async throws {
        try await withJetStream { js, _ in
            let consumer = try await makeConsumerOnFilledStream(js, count: 0)
            let messages = try await consumer.messages()
            try await Task.sleep(for: .milliseconds(200))
            try await js.deleteConsumer(stream: "S", name: "w")
            let error = try await #require(throws: JetStreamError.self) {
                try await withTimeout(.seconds(10), "waiting for the end") {
                    for try await _ in messages {}
                }
            }
            #expect(error.code == .consumerDeleted)
        }
    }

    @Test func fetchFromAPushConsumerIsRejected() async throws {
        try await withJetStream { js, _ in
            _ = try await js.createStream(StreamConfig(name: "S", subjects: ["s"]))
            var config = ConsumerConfig(durableName: "push")
            config.deliverSubject = "deliver.here"
            _ = try await js.createConsumer(stream: "S", config: config)
            let consumer = PullConsumer(context: js, stream: "S", name: "push")
            let error = try await #require(throws: JetStreamError.self) {
                _ = try await collect(try await consumer.fetch(batch: 1, expires: .seconds(1)))
            }
            #expect(error.code == .consumerIsPushBased)
        }
    }
}
