import Foundation
import NATSTestSupport
import Testing

@testable import SluiceSQLite

@Suite(.timeLimit(.minutes(1))) struct QueuePublishFetchTests {
    @Test func publishFetchAck() async throws {
        try await withQueue { queue, clock, _ in
            try await queue.addConsumer("worker")
            let first = try await queue.publish(subject: "orders.created", payload: ByteBuffer(string: "one"), headers: ["traceparent": "00-abc"])
            try await queue.publish("orders.created", "two")
            #expect(first == QueuePublishAck(sequence: 1, duplicate: false))

            let messages = try await queue.fetch(consumer: "worker", batch: 10)
            #expect(messages.map(\.text) == ["one", "two"])
            #expect(messages.map(\.deliveryCount) == [1, 1])
            #expect(messages[0].headers == ["traceparent": "00-abc"])
            #expect(messages[0].subject == "orders.created")
            #expect(messages[0].publishedAt == clock.now)
            #expect(try await queue.pending(consumer: "worker") == QueueConsumerLag(pending: 0, ackPending: 2, deadLetters: 0))

            #expect(try await queue.ack(messages.map(\.receipt)) == 2)
            #expect(try await queue.ack(messages[0].receipt) == false)
            #expect(try await queue.fetch(consumer: "worker", batch: 10).isEmpty)
            #expect(try await queue.pending(consumer: "worker").total == 0)
        }
    }

    @Test func fetchHonoursTheBatchSizeAndKeepsOrder() async throws {
        try await withQueue { queue, _, _ in
            try await queue.addConsumer("worker")
            let acks = try await queue.publish((1...25).map { QueueOutgoingMessage(subject: "n.\($0)", payload: ByteBuffer(string: "\($0)")) })
            #expect(acks.map(\.sequence) == Array(1...25))
            var seen: [String] = []
            while true {
                let batch = try await queue.fetch(consumer: "worker", batch: 10)
                if batch.isEmpty { break }
                #expect(batch.count <= 10)
                seen += batch.map(\.text)
                try await queue.ack(batch.map(\.receipt))
            }
            #expect(seen == (1...25).map(String.init))
        }
    }

    @Test func emptyPayloadRoundTrips() async throws {
        try await withQueue { queue, _, _ in
            try await queue.addConsumer("worker")
            try await queue.publish(subject: "empty", payload: ByteBuffer())
            let messages = try await queue.fetch(consumer: "worker", batch: 1)
            #expect(messages.first?.payload.readableBytes == 0)
        }
    }

    @Test func waitingFetchWakesOnPublish() async throws {
        try await withQueue { queue, _, _ in
            try await queue.addConsumer("worker")
            // Far longer than the test's time limit: only the publish can end this fetch in time.
            async let fetched = queue.fetch(consumer: "worker", batch: 5, expires: .seconds(600))
            await waitUntil { queue.wakeup.waiterCount > 0 }
            try await queue.publish("late", "hello")
            let messages = try await fetched
            #expect(messages.map(\.text) == ["hello"])
        }
    }

    @Test func waitingFetchReturnsEmptyAfterExpires() async throws {
        try await withQueue { queue, _, _ in
            try await queue.addConsumer("worker")
            let started = ContinuousClock.now
            #expect(try await queue.fetch(consumer: "worker", batch: 5, expires: .milliseconds(150)).isEmpty)
            #expect(ContinuousClock.now - started >= .milliseconds(150))
        }
    }

    @Test func eachSubjectDeduplicatesOnItsOwn() async throws {
        try await withQueue(duplicateWindow: .seconds(60)) { queue, _, _ in
            try await queue.addConsumer("worker")
            let orders = try await queue.publish("orders", "order 7", messageID: "id-7")
            let invoices = try await queue.publish("invoices", "invoice 7", messageID: "id-7")
            #expect(!invoices.duplicate)
            #expect(invoices.sequence != orders.sequence)
            #expect(try await queue.publish("invoices", "invoice 7 again", messageID: "id-7").duplicate)
            let batch = try await queue.publish([
                QueueOutgoingMessage(subject: "a", payload: ByteBuffer(string: "a"), messageID: "id-8"),
                QueueOutgoingMessage(subject: "b", payload: ByteBuffer(string: "b"), messageID: "id-8"),
            ])
            #expect(batch.map(\.duplicate) == [false, false])
            let messages = try await queue.fetch(consumer: "worker", batch: 10)
            #expect(messages.map(\.text) == ["order 7", "invoice 7", "a", "b"])
        }
    }

    @Test func duplicatesWithinTheWindowAreNotStored() async throws {
        try await withQueue(duplicateWindow: .seconds(60)) { queue, clock, _ in
            try await queue.addConsumer("worker")
            let first = try await queue.publish("orders", "a", messageID: "id-1")
            let again = try await queue.publish("orders", "a again", messageID: "id-1")
            #expect(again == QueuePublishAck(sequence: first.sequence, duplicate: true))

            let batch = try await queue.publish([
                QueueOutgoingMessage(subject: "orders", payload: ByteBuffer(string: "b"), messageID: "id-2"),
                QueueOutgoingMessage(subject: "orders", payload: ByteBuffer(string: "b twice"), messageID: "id-2"),
                QueueOutgoingMessage(subject: "orders", payload: ByteBuffer(string: "no id")),
                QueueOutgoingMessage(subject: "orders", payload: ByteBuffer(string: "a in batch"), messageID: "id-1"),
            ])
            #expect(batch.map(\.duplicate) == [false, true, false, true])
            #expect(batch[1].sequence == batch[0].sequence)
            #expect(batch[3].sequence == first.sequence)

            clock.advance(by: .seconds(61))
            let afterWindow = try await queue.publish("orders", "a later", messageID: "id-1")
            #expect(afterWindow.duplicate == false)
            #expect(afterWindow.sequence > batch[2].sequence)

            let messages = try await queue.fetch(consumer: "worker", batch: 10)
            #expect(messages.map(\.text) == ["a", "b", "no id", "a later"])
            #expect(messages.map(\.messageID) == ["id-1", "id-2", nil, "id-1"])
        }
    }

    @Test func invalidArgumentsAreTypedErrors() async throws {
        try await withQueue { queue, _, _ in
            let wildcard = await #expect(throws: SluiceSQLiteError.self) { try await queue.publish("orders.*", "x") }
            #expect(wildcard?.code == .invalidArgument)
            #expect(wildcard?.message.contains("wildcard") == true)
            let badHeader = QueueOutgoingMessage(subject: "a", payload: ByteBuffer(), headers: ["a:b": "c"])
            let error = await #expect(throws: SluiceSQLiteError.self) { try await queue.publish([badHeader]) }
            #expect(error?.code == .invalidArgument)
            let badName = await #expect(throws: SluiceSQLiteError.self) { try await queue.addConsumer("bad name") }
            #expect(badName?.code == .invalidArgument)
            let badFilter = await #expect(throws: SluiceSQLiteError.self) { try await queue.addConsumer("c", filter: "a.>.b") }
            #expect(badFilter?.code == .invalidArgument)
            let missing = await #expect(throws: SluiceSQLiteError.self) { try await queue.fetch(consumer: "nobody", batch: 1) }
            #expect(missing?.code == .consumerNotFound)
            try await queue.addConsumer("worker")
            let zero = await #expect(throws: SluiceSQLiteError.self) { try await queue.fetch(consumer: "worker", batch: 0) }
            #expect(zero?.code == .invalidArgument)
        }
    }

    @Test func closedQueueRefusesWork() async throws {
        try await withTemporaryDirectory { directory in
            let queue = try await openQueue(path: directory + "/q.sqlite", clock: ManualWallClock())
            try await queue.close()
            let error = await #expect(throws: SluiceSQLiteError.self) { try await queue.publish("a", "b") }
            #expect(error?.code == .closed)
            try await queue.close()
        }
    }
}
