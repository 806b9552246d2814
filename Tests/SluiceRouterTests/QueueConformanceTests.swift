import NIOCore
import SluiceRouter
import Testing

/// The semantics every ``QueueConsumer`` shares, checked against each implementation on a real server.
@Suite(.timeLimit(.minutes(2))) struct QueueConformanceTests {
    static func message(_ number: Int, group: String? = nil) -> RouterMessage {
        RouterMessage(
            id: "m-\(number)",
            pool: "orders",
            target: "http://127.0.0.1:9/hook",
            payload: ByteBuffer(string: #"{"n":\#(number)}"#),
            headers: ["X-Seq": String(number)],
            group: group
        )
    }

    @Test(arguments: QueueKind.allCases)
    func sentMessagesArePolledInOrderWithTheirFields(kind: QueueKind) async throws {
        try await kind.withQueue { queue, _ in
            let sent = (1...5).map { Self.message($0, group: "g") }
            try await queue.send(sent)
            let polled = try await pollAll(queue, count: 5)
            #expect(polled.map(\.message) == sent)
            #expect(polled.allSatisfy { $0.deliveryCount == 1 })
            for message in polled { try await queue.ack(message) }
        }
    }

    @Test(arguments: QueueKind.allCases)
    func anAcknowledgedMessageIsNotDeliveredAgain(kind: QueueKind) async throws {
        try await kind.withQueue(visibility: .seconds(1)) { queue, _ in
            try await queue.send([Self.message(1)])
            let polled = try await pollAll(queue, count: 1)
            try #require(polled.count == 1)
            try await queue.ack(polled[0])
            try await Task.sleep(for: .milliseconds(1500))
            #expect(try await queue.poll(max: 10).isEmpty)
        }
    }

    @Test(arguments: QueueKind.allCases)
    func aNakedMessageComesBackWithTheNextDeliveryCount(kind: QueueKind) async throws {
        try await kind.withQueue { queue, _ in
            try await queue.send([Self.message(1)])
            let first = try await pollAll(queue, count: 1)
            try #require(first.count == 1)
            try await queue.nak(first[0], delay: .zero)
            let again = try await pollAll(queue, count: 1)
            try #require(again.count == 1)
            #expect(again[0].message == first[0].message)
            #expect(again[0].deliveryCount == 2)
            try await queue.ack(again[0])
        }
    }

    @Test(arguments: QueueKind.allCases)
    func aMessageWhoseLeaseRunsOutIsDeliveredAgain(kind: QueueKind) async throws {
        try await kind.withQueue(visibility: .seconds(1)) { queue, _ in
            try await queue.send([Self.message(1)])
            // Taken before the poll that leases the message: however long that poll takes to return, the lease
            // cannot run out before a visibility timeout from here.
            let clock = ContinuousClock()
            let beforeLease = clock.now
            let first = try await pollAll(queue, count: 1)
            try #require(first.count == 1)
            let again = try await pollAll(queue, count: 1, emptyPolls: 10)
            try #require(again.count == 1)
            #expect(clock.now - beforeLease >= .milliseconds(900))
            #expect(again[0].message.id == "m-1")
            #expect(again[0].deliveryCount == 2)
            try await queue.ack(again[0])
        }
    }

    @Test(arguments: QueueKind.allCases)
    func extendingTheLeaseKeepsTheMessageHidden(kind: QueueKind) async throws {
        try await kind.withQueue(visibility: .seconds(3)) { queue, _ in
            try await queue.send([Self.message(1)])
            let first = try await pollAll(queue, count: 1)
            try #require(first.count == 1)
            // Extensions half a second apart leave a busy machine two and a half seconds for each to land.
            for _ in 0..<8 {
                try await Task.sleep(for: .milliseconds(500))
                try await queue.extendVisibility(first[0])
            }
            // Four seconds after the poll, past the first lease of three, the message is still hidden.
            #expect(try await queue.poll(max: 10).isEmpty)
            try await queue.ack(first[0])
        }
    }
}
