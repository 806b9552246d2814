import NATS
import NATSTestSupport
import NIOCore
import Testing

@Suite struct PubSubTests {
    @Test func publishesAndSubscribesWithWildcards() async throws {
        try await TestNATSServer.withServer { server in
            let client = try await connect(to: server)
            let all = try await client.subscribe("orders.>")
            let created = try await client.subscribe("orders.*.created")
            try await client.flush()
            try await client.publish("orders.eu.created", "1")
            try await client.publish("orders.us.deleted", "2")
            try await client.publish("other", "3")
            #expect(try await collect(2, from: all).map(\.string) == ["1", "2"])
            let createdMessages = try await collect(1, from: created)
            #expect(createdMessages.map(\.subject) == ["orders.eu.created"])
            await client.close()
        }
    }

    @Test func queueGroupMembersShareMessages() async throws {
        try await TestNATSServer.withServer { server in
            let client = try await connect(to: server)
            let first = try await client.subscribe("jobs", queue: "workers")
            let second = try await client.subscribe("jobs", queue: "workers")
            try await client.flush()
            for index in 0..<100 { try await client.publish("jobs", "\(index)") }
            try await client.flush()
            try await first.unsubscribe()
            try await second.unsubscribe()
            var total = 0
            for try await _ in first { total += 1 }
            for try await _ in second { total += 1 }
            #expect(total == 100)
            await client.close()
        }
    }

    @Test func headersArriveIntactWithCaseAndRepeats() async throws {
        try await TestNATSServer.withServer { server in
            let client = try await connect(to: server)
            let subscription = try await client.subscribe("h")
            try await client.flush()
            var headers = NATSHeaders()
            headers.append("Trace-Id", "abc")
            headers.append("x-multi", "1")
            headers.append("x-multi", "2")
            try await client.publish("h", "body", headers: headers)
            let message = try #require(try await collect(1, from: subscription).first)
            #expect(message.headers == headers)
            #expect(message.headers?.values(for: "X-Multi") == ["1", "2"])
            #expect(message.string == "body")
            await client.close()
        }
    }

    @Test func unsubscribeAfterMaxMessagesEndsTheSequence() async throws {
        try await TestNATSServer.withServer { server in
            let client = try await connect(to: server)
            let subscription = try await client.subscribe("m")
            try await subscription.unsubscribe(after: 3)
            for index in 0..<10 { try await client.publish("m", "\(index)") }
            var received: [String] = []
            for try await message in subscription { received.append(message.string) }
            #expect(received == ["0", "1", "2"])
            await client.close()
        }
    }

    @Test func noEchoDoesNotDeliverOwnMessages() async throws {
        try await TestNATSServer.withServer { server in
            let quiet = try await connect(to: server) { $0.echo = false }
            let other = try await connect(to: server)
            let subscription = try await quiet.subscribe("e")
            try await quiet.flush()
            try await quiet.publish("e", "mine")
            try await other.publish("e", "theirs")
            try await other.flush()
            #expect(try await collect(1, from: subscription).map(\.string) == ["theirs"])
            await quiet.close()
            await other.close()
        }
    }

    @Test func rejectsPayloadsOverMaxPayload() async throws {
        try await TestNATSServer.withServer(config: "max_payload: 1024") { server in
            let client = try await connect(to: server)
            #expect(client.maxPayload == 1024)
            await #expect(throws: NATSError.self) {
                try await client.publish("big", payload: ByteBuffer(repeating: 0, count: 1025))
            }
            try await client.publish("ok", payload: ByteBuffer(repeating: 0, count: 1000))
            try await client.flush()
            await client.close()
        }
    }

    @Test func aSlowConsumerDropsCountsAndReports() async throws {
        try await TestNATSServer.withServer { server in
            let client = try await connect(to: server)
            let events = EventLog(client)
            let subscription = try await client.subscribe("fast", limits: NATSPendingLimits(messages: 10, bytes: 1 << 20))
            for _ in 0..<100 { try await client.publish("fast", "x") }
            try await client.flush()
            let event = try await events.wait { if case .slowConsumer = $0 { return true } else { return false } }
            #expect(event == .slowConsumer(subject: "fast", dropped: 1))
            #expect(subscription.droppedCount == 90)
            await client.close()
        }
    }

    @Test func drainDeliversWhatWasReceivedThenCloses() async throws {
        try await TestNATSServer.withServer { server in
            let client = try await connect(to: server)
            let subscription = try await client.subscribe("d")
            for index in 0..<1000 { try await client.publish("d", "\(index)") }
            try await client.flush()
            try await client.drain()
            var count = 0
            for try await _ in subscription { count += 1 }
            #expect(count == 1000)
            #expect(!client.isConnected)
            await #expect(throws: NATSError.self) { try await client.publish("d", "late") }
        }
    }

    @Test func manyMessagesArriveInOrder() async throws {
        let count = 50_000
        let messages = try await received(on: "seq", count: count) { publisher in
            for index in 0..<count { try await publisher.publish("seq", "\(index)") }
        }
        #expect(messages.enumerated().allSatisfy { $0.element.string == String($0.offset) })
    }

    /// A publisher running on the client's event loop (as `NATSClient.eventLoop` describes) writes when it suspends
    /// (past the high-water mark, or yielding) and on flush: every message arrives, in order.
    @Test func publishingFromTheClientsEventLoopDeliversEverything() async throws {
        let count = 12_000  // a little over the 1 MiB high-water mark: the publisher suspends at least once
        let payload = String(repeating: "x", count: 100)
        let messages = try await received(on: "onloop", count: count) { publisher in
            try await LoopPublisher(client: publisher).publish("onloop", prefix: payload, count: count)
        }
        #expect(messages.enumerated().allSatisfy { $0.element.string == payload + String($0.offset) })
    }

    /// Payloads from empty to 70 KB, without a pause: the client writes into buffers it reused after earlier
    /// writes, and into new ones past its reuse limit; every byte must arrive as sent.
    @Test func messagesOfMixedSizesArriveIntact() async throws {
        let count = 1_000
        // Payload `i` is `(i + k) % 251` for k from 0 up to its length: a slice of one pattern, so that making and
        // checking 35 MB costs copies and comparisons of memory, not a closure call per byte (which, in a debug build,
        // kept both cores busy for seconds and starved the servers of the tests running beside it).
        let pattern = ByteBuffer(bytes: (0..<(70_000 + 251)).map { UInt8($0 % 251) })
        @Sendable func payload(_ index: Int) -> ByteBuffer {
            pattern.getSlice(at: index % 251, length: (index * 7_919) % 70_000)!
        }
        let messages = try await received(on: "mixed", count: count) { publisher in
            for index in 0..<count { try await publisher.publish("mixed", payload: payload(index)) }
        }
        let mismatched = messages.enumerated().filter { $0.element.payload != payload($0.offset) }.map(\.offset)
        #expect(mismatched.isEmpty, "payloads that differ from what was sent: \(mismatched.prefix(10))")
    }

    /// Starts a server, runs `publish` on one client and flushes it, and returns the `count` messages that a second
    /// client's subscription to `subject` received.
    private func received(
        on subject: String,
        count: Int,
        publish: @Sendable (NATSClient) async throws -> Void
    ) async throws -> [NATSMessage] {
        try await TestNATSServer.withServer { server in
            let publisher = try await connect(to: server)
            let subscriber = try await connect(to: server)
            let subscription = try await subscriber.subscribe(subject, limits: .unlimited)
            try await subscriber.flush()
            try await publish(publisher)
            try await publisher.flush()
            let messages = try await collect(count, from: subscription, timeout: .seconds(60))
            await publisher.close()
            await subscriber.close()
            return messages
        }
    }
}

@Suite struct EventTests {
    @Test func everyListenerGetsEveryEvent() async throws {
        let server = try await TestNATSServer.start()
        defer { Task { await server.stop() } }
        let client = try await connect(to: server)
        let first = client.events
        let second = client.events
        await server.kill()
        for stream in [first, second] {
            let event = try await withTimeout(.seconds(10), "a disconnected event") {
                for await event in stream { if case .disconnected = event { return event } }
                return NATSEvent.closed
            }
            guard case .disconnected = event else {
                Issue.record("expected disconnected, got \(event)")
                return
            }
        }
        await client.close()
        var late = client.events.makeAsyncIterator()
        #expect(await late.next() == .closed)
    }
}

/// Publishes from the client's event loop.
private actor LoopPublisher {
    let client: NATSClient
    nonisolated var unownedExecutor: UnownedSerialExecutor { client.eventLoop.executor.asUnownedSerialExecutor() }

    init(client: NATSClient) { self.client = client }

    func publish(_ subject: String, prefix: String, count: Int) async throws {
        #expect(client.eventLoop.inEventLoop)
        for index in 0..<count {
            try await client.publish(subject, prefix + String(index))
            // The tests share the event loops: give the other connections on this one their turn.
            if index % 500 == 0 { await Task.yield() }
        }
    }
}
