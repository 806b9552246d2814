import NATSTestSupport
import SluiceSQLite
import Testing

@Suite struct QueueConsumerTests {
    @Test func consumersOnDifferentFiltersEachGetTheirMessages() async throws {
        try await withQueue { queue, _, _ in
            try await queue.addConsumer("orders", filter: "orders.*")
            try await queue.addConsumer("payments", filter: "payments.>")
            try await queue.addConsumer("everything")
            for subject in ["orders.created", "payments.card.captured", "orders.eu.created", "payments.refunded", "other"] {
                try await queue.publish(subject, subject)
            }
            #expect(try await queue.pending(consumer: "orders").pending == 1)
            #expect(try await queue.fetch(consumer: "orders", batch: 10).map(\.subject) == ["orders.created"])
            #expect(
                try await queue.fetch(consumer: "payments", batch: 10).map(\.subject) == ["payments.card.captured", "payments.refunded"]
            )
            #expect(try await queue.fetch(consumer: "everything", batch: 10).count == 5)
            #expect(try await queue.pending(consumer: "orders") == QueueConsumerLag(pending: 0, ackPending: 1, deadLetters: 0))
        }
    }

    @Test func startPositionNewSkipsEarlierMessages() async throws {
        try await withQueue { queue, _, _ in
            try await queue.addConsumer("early")
            try await queue.publish("s", "before")
            var late = QueueConsumerConfiguration(name: "late")
            late.startPosition = .new
            try await queue.addConsumer(late)
            try await queue.publish("s", "after")
            #expect(try await queue.fetch(consumer: "late", batch: 10).map(\.text) == ["after"])
            #expect(try await queue.fetch(consumer: "early", batch: 10).map(\.text) == ["before", "after"])
        }
    }

    @Test func settledMessagesAreDeletedOnceEveryConsumerIsDone() async throws {
        try await withQueue { queue, _, _ in
            try await queue.addConsumer("a")
            try await queue.addConsumer("b")
            try await queue.publish("s", "one")
            try await queue.ack(try await queue.fetch(consumer: "a", batch: 10).map(\.receipt))
            // "b" has not read it yet, so a consumer reading from the start still finds it.
            try await queue.addConsumer("c")
            #expect(try await queue.fetch(consumer: "c", batch: 10).map(\.text) == ["one"])
            try await queue.deleteConsumer(named: "c")
            try await queue.ack(try await queue.fetch(consumer: "b", batch: 10).map(\.receipt))
            try await queue.addConsumer("d")
            #expect(try await queue.fetch(consumer: "d", batch: 10).isEmpty)
        }
    }

    @Test func updatingAConsumerKeepsItsPosition() async throws {
        try await withQueue { queue, _, _ in
            try await queue.addConsumer("worker", filter: "a.>")
            try await queue.publish("a.1", "1")
            try await queue.ack(try await queue.fetch(consumer: "worker", batch: 10).map(\.receipt))
            try await queue.publish("a.2", "2")
            try await queue.publish("b.1", "3")
            try await queue.addConsumer("worker", filter: ">", maxDeliver: nil)
            #expect(try await queue.fetch(consumer: "worker", batch: 10).map(\.text) == ["2", "3"])
            let consumers = try await queue.consumers()
            #expect(consumers.map(\.filterSubject) == [">"])
            #expect(consumers.map(\.maxDeliver) == [nil])
            #expect(try await queue.deleteConsumer(named: "worker"))
            #expect(try await queue.deleteConsumer(named: "worker") == false)
        }
    }

    @Test func reopeningTheFileKeepsTheState() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/queue.sqlite"
            let clock = ManualWallClock()
            var queue = try await openQueue(path: path, clock: clock)
            try await queue.addConsumer("worker", maxDeliver: 3)
            try await queue.publish("s", "leased", messageID: "m-1")
            try await queue.publish("s", "waiting", messageID: "m-2")
            try await queue.publish("s", "dead", messageID: "m-3")
            let leased = try await queue.fetch(consumer: "worker", batch: 1, visibilityTimeout: .seconds(30))
            try await queue.close()

            queue = try await openQueue(path: path, clock: clock)
            #expect(try await queue.consumers().map(\.name) == ["worker"])
            #expect(try await queue.pending(consumer: "worker") == QueueConsumerLag(pending: 2, ackPending: 1, deadLetters: 0))
            #expect(try await queue.publish("s", "dup", messageID: "m-2").duplicate)
            let next = try await queue.fetch(consumer: "worker", batch: 10)
            #expect(next.map(\.text) == ["waiting", "dead"])
            try await queue.ack(next[0].receipt)
            try await queue.term(next[1].receipt, reason: "bad")
            try await queue.close()

            queue = try await openQueue(path: path, clock: clock)
            #expect(try await queue.deadLetters().map(\.reason) == ["terminated: bad"])
            #expect(try await queue.fetch(consumer: "worker", batch: 10).isEmpty)
            clock.advance(by: .seconds(31))
            let redelivered = try await queue.fetch(consumer: "worker", batch: 10)
            #expect(redelivered.map(\.text) == ["leased"])
            #expect(redelivered.map(\.deliveryCount) == [2])
            #expect(redelivered[0].sequence == leased[0].sequence)
            try await queue.close()
        }
    }

    @Test func concurrentFetchersNeverLeaseTheSameMessage() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/queue.sqlite"
            let clock = ManualWallClock()
            // Two handles on one file stand for two processes; each runs two fetchers.
            let first = try await openQueue(path: path, clock: clock)
            let second = try await openQueue(path: path, clock: clock)
            try await first.addConsumer("worker")
            let total = 2000
            try await first.publish((1...total).map { QueueOutgoingMessage(subject: "jobs", payload: ByteBuffer(string: "\($0)")) })

            let sequences = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for queue in [first, second, first, second] {
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let batch = try await queue.fetch(consumer: "worker", batch: 7, visibilityTimeout: .seconds(300))
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.sequence)
                            try await queue.ack(batch.map(\.receipt))
                        }
                    }
                }
                var all: [[Int64]] = []
                for try await part in group { all.append(part) }
                return all
            }
            let all = sequences.flatMap { $0 }
            #expect(all.count == total)
            #expect(Set(all).count == total)
            #expect(sequences.filter { !$0.isEmpty }.count > 1)
            try await first.close()
            try await second.close()
        }
    }
}
