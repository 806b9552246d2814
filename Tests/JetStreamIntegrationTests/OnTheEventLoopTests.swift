import JetStream
import NATS
import Testing

/// Publishing and pull consuming on the client's event loop (`withTaskExecutorPreference(client.taskExecutor)`), and
/// consuming from an actor.
@Suite struct OnTheEventLoopTests {
    @Test func publishesWithAFullWindowOnTheClientsEventLoopAreAllAcknowledgedThere() async throws {
        try await withJetStream { js, _ in
            _ = try await js.createStream(StreamConfig(name: "S", subjects: ["s"]))
            let publisher = try await js.makePublisher(options: JetStreamPublisher.Options(maxPending: 8))
            let (futures, offLoop) = try await onEventLoop(of: js.client) { checkpoint in
                var futures: [PubAckFuture] = []
                for index in 0..<500 {
                    futures.append(try await publisher.publish("s", "m-\(index)"))
                    checkpoint()
                }
                try await publisher.waitForPendingAcks()
                _ = try await js.publish("s", "m-500")
                checkpoint()
                return futures
            }
            var sequences: [UInt64] = []
            for future in futures { sequences.append(try await future.value().sequence) }
            #expect(sequences == Array(1...500))
            #expect(offLoop == 0)
            #expect(try await js.streamInfo("S").state.messages == 501)
            await publisher.close()
        }
    }

    @Test func fetchesConsumedOnTheClientsEventLoopDeliverEverythingThere() async throws {
        try await withJetStream { js, _ in
            let consumer = try await makeConsumerOnFilledStream(js, count: 300)
            let (received, offLoop) = try await onEventLoop(of: js.client) { checkpoint in
                var received: [String] = []
                while received.count < 300 {
                    for try await message in try await consumer.fetch(batch: 100, expires: .seconds(5)) {
                        checkpoint()
                        received.append(message.string)
                        try await message.ackSync()
                    }
                }
                return received
            }
            #expect(received == (0..<300).map { "m-\($0)" })
            #expect(offLoop == 0)
            #expect(try await consumer.info().numAckPending == 0)
        }
    }

    @Test func continuousConsumingOnTheClientsEventLoopDeliversEverythingThere() async throws {
        try await withJetStream { js, _ in
            let consumer = try await makeConsumerOnFilledStream(js, count: 300)
            let (received, offLoop) = try await onEventLoop(of: js.client) { checkpoint in
                var received: [String] = []
                let messages = try await consumer.messages(options: PullConsumeOptions(maxMessages: 50))
                for try await message in messages {
                    checkpoint()
                    received.append(message.string)
                    try await message.ackSync()
                    if received.count == 300 { messages.stop() }
                }
                return received
            }
            #expect(received == (0..<300).map { "m-\($0)" })
            #expect(offLoop == 0)
        }
    }

    @Test func anActorConsumesFetchesAndContinuousMessages() async throws {
        try await withJetStream { js, _ in
            let consumer = try await makeConsumerOnFilledStream(js, count: 100)
            let tally = Tally()
            try await tally.take(try await consumer.fetch(batch: 50, expires: .seconds(5)))
            let messages = try await consumer.messages(options: PullConsumeOptions(maxMessages: 20))
            try await tally.take(messages, until: 100)
            #expect(await tally.seen == (0..<100).map { "m-\($0)" })
        }
    }
}

/// Consumes in actor-isolated code, where `for try await` calls the iterators' `next(isolation:)`.
private actor Tally {
    var seen: [String] = []

    func take(_ messages: FetchedMessages) async throws {
        for try await message in messages {
            seen.append(message.string)
            try await message.ackSync()
        }
    }

    func take(_ messages: PullMessages, until count: Int) async throws {
        for try await message in messages {
            seen.append(message.string)
            try await message.ackSync()
            if seen.count == count { messages.stop() }
        }
    }
}
