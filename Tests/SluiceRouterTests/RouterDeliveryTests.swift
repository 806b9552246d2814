import NATSTestSupport
import NIOCore
import SluiceCore
import SluiceRouter
import Testing

/// The router end to end on each queue: a real queue, the router, and a real HTTP receiver.
@Suite(.timeLimit(.minutes(3))) struct RouterDeliveryTests {
    @Test(arguments: QueueKind.allCases)
    func concurrencyNeverExceedsThePoolLimit(kind: QueueKind) async throws {
        let receiver = try await TestReceiver.start(work: .milliseconds(30))
        defer { Task { await receiver.stop() } }
        try await RouterHarness.run(kind, pool: RouterHarness.configuration(concurrency: 5), receiver: receiver) { harness in
            try await harness.send(100)
            try await harness.waitForDelivered(100)
            #expect(receiver.maxInProgress <= 5)
            #expect(receiver.maxInProgress >= 2)
            #expect(harness.pool.snapshot.delivered >= 100)
        }
    }

    @Test(arguments: QueueKind.allCases)
    func theRateLimitHoldsPerWindow(kind: QueueKind) async throws {
        let receiver = try await TestReceiver.start()
        defer { Task { await receiver.stop() } }
        // moto answers one receive of at most 10 messages at a time, slower than 200 a second: its queues get a
        // lower limit, so that the limit and not the queue sets the pace.
        let rate = kind == .sqs || kind == .sqsFIFO ? 40 : 200
        let burst = rate / 10
        let messages = rate * 2
        var configuration = RouterHarness.configuration(concurrency: 50)
        configuration.rateLimit = try RateLimit(rate: Double(rate), burst: burst)
        try await RouterHarness.run(kind, pool: configuration, receiver: receiver, prefill: messages) { harness in
            try await harness.waitForDelivered(messages)
            let times = receiver.requests.map(\.arrived).sorted()
            // In any second from a request on, at most the burst and the rate, with a quarter of slack for requests
            // that the loaded machine hands to the receiver in clumps.
            let busiest = times.indices.map { index in times[index...].prefix { $0 - times[index] < .seconds(1) }.count }.max() ?? 0
            #expect(busiest <= burst + rate * 5 / 4, "\(busiest) requests within one second")
            #expect(times.last! - times.first! >= .milliseconds((messages - burst) * 1000 / rate * 95 / 100))
            #expect(harness.pool.snapshot.rateLimitWaits > 0)
        }
    }

    @Test(arguments: QueueKind.allCases)
    func groupsAreInOrderAndOverlap(kind: QueueKind) async throws {
        let receiver = try await TestReceiver.start(work: .milliseconds(5))
        defer { Task { await receiver.stop() } }
        try await RouterHarness.run(kind, receiver: receiver) { harness in
            try await harness.send(90, groups: 3)
            try await harness.waitForDelivered(90)
            let requests = receiver.requests
            for group in ["g0", "g1", "g2"] {
                let sequences = requests.filter { $0.group == group }.compactMap(\.sequence)
                #expect(sequences.count == 30)
                #expect(sequences == sequences.sorted(), "group \(group) out of order: \(sequences)")
            }
            // The groups went side by side: some group's request arrived between two of another group's.
            let order = requests.compactMap(\.group)
            let switches = zip(order, order.dropFirst()).filter { $0 != $1 }.count
            #expect(switches > 3)
            #expect(receiver.maxInProgress >= 2)
        }
    }

    @Test(arguments: QueueKind.allCases)
    func failuresAreRetriedUntilTheReceiverRecoversAndNothingIsLost(kind: QueueKind) async throws {
        let receiver = try await TestReceiver.start { _, _ in .init(status: 500) }
        defer { Task { await receiver.stop() } }
        try await RouterHarness.run(kind, receiver: receiver) { harness in
            try await harness.send(30)
            while receiver.requests.count < 60 { try await Task.sleep(for: .milliseconds(20)) }
            receiver.answer { _, _ in .init(status: 200) }
            try await harness.waitForDelivered(30)
            try await Task.sleep(for: .milliseconds(500))
            let delivered = receiver.requests.filter { $0.status == 200 }
            #expect(Set(delivered.map(\.id)) == Set((1...30).map { "m-\($0)" }))
            #expect(delivered.count == 30, "each message is answered 200 once")
            #expect(harness.pool.snapshot.retried >= 30)
            #expect(harness.pool.snapshot.deadLettered == 0)
        }
    }

    @Test(arguments: QueueKind.allCases)
    func aClientErrorGoesToTheDeadLettersWithItsStatus(kind: QueueKind) async throws {
        let receiver = try await TestReceiver.start { request, _ in .init(status: request.sequence == 2 ? 400 : 200) }
        defer { Task { await receiver.stop() } }
        try await RouterHarness.run(kind, receiver: receiver) { harness in
            try await harness.send(3)
            try await harness.waitForDelivered(2)
            let dead = try await pollAll(harness.deadLetters, count: 1, emptyPolls: 10)
            try #require(dead.count == 1)
            #expect(dead[0].message.id == "m-2")
            #expect(dead[0].message.headers[DeadLetterHeader.status] == "400")
            #expect(dead[0].message.headers[DeadLetterHeader.body] == "answer 400")
            #expect(receiver.requests.filter { $0.id == "m-2" }.count == 1)
            #expect(harness.pool.snapshot.deadLettered == 1)
        }
    }

    @Test(arguments: QueueKind.allCases)
    func tooManyRequestsWaitsForRetryAfter(kind: QueueKind) async throws {
        let receiver = try await TestReceiver.start { _, earlier in
            earlier == 0 ? .init(status: 429, retryAfter: "2") : .init(status: 200)
        }
        defer { Task { await receiver.stop() } }
        try await RouterHarness.run(kind, receiver: receiver) { harness in
            try await harness.send(1)
            try await harness.waitForDelivered(1)
            let requests = receiver.requests
            try #require(requests.count == 2)
            #expect(requests[1].arrived - requests[0].arrived >= .seconds(2))
        }
    }
}

/// What every request carries: the idempotency key, the message's headers and a signature the receiver can check.
@Suite(.timeLimit(.minutes(1))) struct RouterRequestTests {
    @Test func requestsAreSignedAndCarryTheIdempotencyKey() async throws {
        let receiver = try await TestReceiver.start()
        defer { Task { await receiver.stop() } }
        try await RouterHarness.run(.sqlite, receiver: receiver) { harness in
            try await harness.send(3)
            try await harness.waitForDelivered(3)
            let signature = WebhookSignature(secret: "test-secret")
            let forged = WebhookSignature(secret: "another-secret")
            for request in receiver.requests {
                #expect(request.id.hasPrefix("m-"))
                #expect(request.headers["x-seq"] != nil)
                #expect(request.headers["sluice-pool"] == nil, "the router's own headers stay with the router")
                let timestamp = try #require(request.headers["sluice-timestamp"].flatMap { Int64($0) })
                let value = try #require(request.headers["sluice-signature"])
                #expect(value.hasPrefix("v1="))
                #expect(signature.isValid(value, timestamp: timestamp, body: ByteBuffer(string: request.body)))
                #expect(!forged.isValid(value, timestamp: timestamp, body: ByteBuffer(string: request.body)))
                #expect(!signature.isValid(value, timestamp: timestamp + 1, body: ByteBuffer(string: request.body)))
            }
        }
    }
}
