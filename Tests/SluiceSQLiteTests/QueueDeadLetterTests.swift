import SluiceSQLite
import Testing

@Suite struct QueueDeadLetterTests {
    @Test func nakAtMaxDeliverMovesToDeadLetters() async throws {
        try await withQueue { queue, clock, _ in
            try await queue.addConsumer("worker", filter: "orders.>", maxDeliver: 2)
            try await queue.publish(subject: "orders.eu.created", payload: ByteBuffer(string: "poison"), headers: ["k": "v"], messageID: "m-1")
            let first = try #require(try await queue.fetch(consumer: "worker", batch: 1).first)
            try await queue.nak(first.receipt, reason: "sink said 503")
            let second = try #require(try await queue.fetch(consumer: "worker", batch: 1).first)
            #expect(second.deliveryCount == 2)
            clock.advance(by: .seconds(1))
            #expect(try await queue.nak(second.receipt, reason: "sink said 500"))

            #expect(try await queue.fetch(consumer: "worker", batch: 1).isEmpty)
            let dead = try await queue.deadLetters()
            #expect(dead.count == 1)
            #expect(dead[0].consumer == "worker")
            #expect(dead[0].subject == "orders.eu.created")
            #expect(String(buffer: dead[0].payload) == "poison")
            #expect(dead[0].headers == ["k": "v"])
            #expect(dead[0].messageID == "m-1")
            #expect(dead[0].deliveryCount == 2)
            #expect(dead[0].sequence == first.sequence)
            #expect(dead[0].reason == "max deliver (2) reached: sink said 500")
            #expect(dead[0].failedAt == clock.now)
            #expect(try await queue.pending(consumer: "worker") == QueueConsumerLag(pending: 0, ackPending: 0, deadLetters: 1))
        }
    }

    @Test func expiredLeasesAtMaxDeliverMoveToDeadLettersWithTheLastReason() async throws {
        try await withQueue { queue, clock, _ in
            try await queue.addConsumer("worker", maxDeliver: 3)
            try await queue.publish("jobs", "never acked")
            try await queue.publish("jobs", "fine")
            for delivery in 1...3 {
                let messages = try await queue.fetch(consumer: "worker", batch: 10, visibilityTimeout: .seconds(5))
                let stuck = try #require(messages.first { $0.text == "never acked" })
                #expect(stuck.deliveryCount == delivery)
                if delivery == 1 {
                    try await queue.nak(stuck.receipt, delay: .seconds(5), reason: "timeout talking to the sink")
                    try await queue.ack(try #require(messages.first { $0.text == "fine" }).receipt)
                }
                clock.advance(by: .seconds(6))
            }
            #expect(try await queue.fetch(consumer: "worker", batch: 10).isEmpty)
            let dead = try await queue.deadLetters(.consumer("worker"))
            #expect(dead.map(\.deliveryCount) == [3])
            #expect(dead.map(\.reason) == ["max deliver (3) reached: timeout talking to the sink"])
        }
    }

    @Test func termMovesToDeadLettersAtOnce() async throws {
        try await withQueue { queue, _, _ in
            try await queue.addConsumer("worker")
            try await queue.publish("docs", "{not json")
            let message = try #require(try await queue.fetch(consumer: "worker", batch: 1).first)
            #expect(try await queue.term(message.receipt, reason: "malformed JSON at byte 1"))
            #expect(try await queue.term(message.receipt, reason: "again") == false)
            let dead = try await queue.deadLetters()
            #expect(dead.map(\.reason) == ["terminated: malformed JSON at byte 1"])
            #expect(dead.map(\.deliveryCount) == [1])
        }
    }

    @Test func replayDeliversAgainToThatConsumerOnly() async throws {
        try await withQueue { queue, _, _ in
            try await queue.addConsumer("indexer")
            try await queue.addConsumer("auditor")
            try await queue.publish("docs", "doc")
            let toIndex = try #require(try await queue.fetch(consumer: "indexer", batch: 1).first)
            try await queue.term(toIndex.receipt, reason: "mapping error")
            let toAudit = try #require(try await queue.fetch(consumer: "auditor", batch: 1).first)
            try await queue.ack(toAudit.receipt)

            let dead = try await queue.deadLetters()
            #expect(try await queue.replayDeadLetters(.ids(dead.map(\.id))) == 1)
            #expect(try await queue.deadLetterCount() == 0)
            #expect(try await queue.fetch(consumer: "auditor", batch: 10).isEmpty)
            let replayed = try await queue.fetch(consumer: "indexer", batch: 10)
            #expect(replayed.map(\.text) == ["doc"])
            #expect(replayed.map(\.deliveryCount) == [1])
            #expect(replayed.map(\.subject) == ["docs"])
            #expect(replayed[0].sequence > toIndex.sequence)
        }
    }

    @Test func listPagesAndPurge() async throws {
        try await withQueue { queue, _, _ in
            try await queue.addConsumer("a")
            try await queue.addConsumer("b")
            for index in 1...5 { try await queue.publish("s", "\(index)") }
            for consumer in ["a", "b"] {
                for message in try await queue.fetch(consumer: consumer, batch: 10) {
                    try await queue.term(message.receipt, reason: "no")
                }
            }
            #expect(try await queue.deadLetterCount() == 10)
            #expect(try await queue.deadLetterCount(.consumer("a")) == 5)
            let page1 = try await queue.deadLetters(.consumer("b"), limit: 3)
            let page2 = try await queue.deadLetters(.consumer("b"), limit: 3, afterID: try #require(page1.last?.id))
            #expect((page1 + page2).map { String(buffer: $0.payload) } == ["1", "2", "3", "4", "5"])
            #expect(try await queue.purgeDeadLetters(.ids([page1[0].id])) == 1)
            #expect(try await queue.purgeDeadLetters(.consumer("a")) == 5)
            #expect(try await queue.purgeDeadLetters(.all) == 4)
            #expect(try await queue.deadLetterCount() == 0)
        }
    }
}
