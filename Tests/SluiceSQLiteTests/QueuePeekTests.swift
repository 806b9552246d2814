import Foundation
import Testing

@testable import SluiceSQLite

/// Reading a consumer's unsettled messages without leasing them.
@Suite(.timeLimit(.minutes(1))) struct QueuePeekTests {
    @Test func peekShowsUnsettledMessagesAndChangesNothing() async throws {
        try await withQueue { queue, _, _ in
            try await queue.addConsumer("worker", filter: "orders.>")
            try await queue.publish("orders.a", "one")
            try await queue.publish("invoices.a", "not for this consumer")
            try await queue.publish("orders.b", "two")
            try await queue.publish("orders.c", "three")
            let leased = try await queue.fetch(consumer: "worker", batch: 1)
            try #require(leased.map(\.text) == ["one"])

            for _ in 0..<2 {
                let peeked = try await queue.peek(consumer: "worker", limit: 10)
                #expect(peeked.map(\.text) == ["one", "two", "three"])
                #expect(peeked.map(\.deliveryCount) == [1, 0, 0])
            }
            #expect(try await queue.peek(consumer: "worker", limit: 2).map(\.text) == ["one", "two"])

            // Peeking leased nothing: the next fetch gets the rest, each on its first delivery.
            let rest = try await queue.fetch(consumer: "worker", batch: 10)
            #expect(rest.map(\.text) == ["two", "three"])
            #expect(rest.map(\.deliveryCount) == [1, 1])
            try await queue.ack(leased[0].receipt)
            try await queue.ack(rest[0].receipt)
            #expect(try await queue.peek(consumer: "worker", limit: 10).map(\.text) == ["three"])
            await #expect(throws: SluiceSQLiteError.self) { try await queue.peek(consumer: "nobody", limit: 10) }
        }
    }
}
