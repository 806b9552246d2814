import SluiceSQLite
import Testing

@Suite struct QueueRedeliveryTests {
    @Test func expiredLeaseIsRedelivered() async throws {
        try await withQueue { queue, clock, _ in
            try await queue.addConsumer("worker")
            try await queue.publish("jobs", "work")
            let first = try await queue.fetch(consumer: "worker", batch: 1, visibilityTimeout: .seconds(30))
            #expect(first.map(\.deliveryCount) == [1])

            clock.advance(by: .seconds(29))
            #expect(try await queue.fetch(consumer: "worker", batch: 1).isEmpty)
            clock.advance(by: .seconds(2))
            let second = try await queue.fetch(consumer: "worker", batch: 1)
            #expect(second.map(\.text) == ["work"])
            #expect(second.map(\.deliveryCount) == [2])
            #expect(second[0].sequence == first[0].sequence)

            // The first delivery lost its lease: its nak and in-progress change nothing, its ack still counts.
            #expect(try await queue.nak(first[0].receipt) == false)
            #expect(try await queue.inProgress(first[0].receipt) == false)
            #expect(try await queue.ack(first[0].receipt) == true)
            clock.advance(by: .seconds(60))
            #expect(try await queue.fetch(consumer: "worker", batch: 1).isEmpty)
        }
    }

    @Test func consumerAckWaitIsTheDefaultLease() async throws {
        try await withQueue { queue, clock, _ in
            var consumer = QueueConsumerConfiguration(name: "worker")
            consumer.ackWait = .seconds(5)
            try await queue.addConsumer(consumer)
            try await queue.publish("jobs", "work")
            _ = try await queue.fetch(consumer: "worker", batch: 1)
            clock.advance(by: .seconds(4))
            #expect(try await queue.fetch(consumer: "worker", batch: 1).isEmpty)
            clock.advance(by: .seconds(2))
            #expect(try await queue.fetch(consumer: "worker", batch: 1).map(\.deliveryCount) == [2])
        }
    }

    @Test func inProgressExtendsTheLease() async throws {
        try await withQueue { queue, clock, _ in
            try await queue.addConsumer("worker")
            try await queue.publish("jobs", "slow work")
            let message = try #require(try await queue.fetch(consumer: "worker", batch: 1, visibilityTimeout: .seconds(10)).first)
            clock.advance(by: .seconds(8))
            #expect(try await queue.inProgress(message.receipt))
            clock.advance(by: .seconds(8))
            #expect(try await queue.fetch(consumer: "worker", batch: 1).isEmpty)
            clock.advance(by: .seconds(3))
            #expect(try await queue.fetch(consumer: "worker", batch: 1).map(\.deliveryCount) == [2])
        }
    }

    @Test func nakWithDelay() async throws {
        try await withQueue { queue, clock, _ in
            try await queue.addConsumer("worker")
            try await queue.publish("jobs", "retry me")
            let message = try #require(try await queue.fetch(consumer: "worker", batch: 1).first)
            #expect(try await queue.nak(message.receipt, delay: .seconds(15)))
            clock.advance(by: .seconds(14))
            #expect(try await queue.fetch(consumer: "worker", batch: 1).isEmpty)
            clock.advance(by: .seconds(1))
            let again = try await queue.fetch(consumer: "worker", batch: 1)
            #expect(again.map(\.text) == ["retry me"])
            #expect(again.map(\.deliveryCount) == [2])
        }
    }

    @Test func nakWithoutDelayRedeliversAtOnceBeforeNewMessages() async throws {
        try await withQueue { queue, _, _ in
            try await queue.addConsumer("worker")
            try await queue.publish("jobs", "first")
            let message = try #require(try await queue.fetch(consumer: "worker", batch: 1).first)
            try await queue.publish("jobs", "second")
            try await queue.nak(message.receipt)
            let next = try await queue.fetch(consumer: "worker", batch: 1)
            #expect(next.map(\.text) == ["first"])
            #expect(next.map(\.deliveryCount) == [2])
        }
    }
}
