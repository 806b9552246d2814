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
            // All of them took about as long as the rate allows past the burst; a fifth of slack for the first
            // requests, which open their connections on a loaded machine and so arrive later than the tokens allow.
            #expect(times.last! - times.first! >= .milliseconds((messages - burst) * 1000 / rate * 80 / 100))
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
            // The pool counts a dead letter once the queue has taken it, which the poll above may see first.
            let pool = harness.pool
            try await withTimeout(.seconds(10), "the dead letter counted") {
                while pool.snapshot.deadLettered < 1 { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(harness.pool.snapshot.deadLettered == 1)
        }
    }

    @Test(arguments: QueueKind.allCases)
    func aTargetThatIsNotAnHTTPURLGoesToTheDeadLettersAtOnce(kind: QueueKind) async throws {
        let receiver = try await TestReceiver.start()
        defer { Task { await receiver.stop() } }
        try await RouterHarness.run(kind, receiver: receiver) { harness in
            let stray = RouterMessage(id: "stray", pool: "orders", target: "ftp://example.com/drop", payload: ByteBuffer(string: "{}"))
            try await harness.queue.send([stray])
            try await harness.send(1)
            try await harness.waitForDelivered(1)
            let dead = try await pollAll(harness.deadLetters, count: 1, emptyPolls: 10)
            try #require(dead.count == 1)
            #expect(dead[0].message.id == "stray")
            #expect(dead[0].message.headers[DeadLetterHeader.reason] == "the target is not an http or https URL: ftp://example.com/drop")
            #expect(dead[0].message.headers[DeadLetterHeader.attempts] == "1", "no retries of a try that cannot succeed")
            #expect(dead[0].message.headers[DeadLetterHeader.status] == nil)
        }
    }

    /// A router that stopped after two failed tries leaves a message the queue has delivered twice: the next router
    /// takes those tries from the queue's count, so with `max_attempts: 3` it tries once more and dead-letters it.
    @Test(arguments: QueueKind.allCases)
    func triesAreCountedByTheQueueSoTheyOutliveARestart(kind: QueueKind) async throws {
        let receiver = try await TestReceiver.start { _, _ in .init(status: 503) }
        defer { Task { await receiver.stop() } }
        var configuration = RouterHarness.configuration()
        configuration.maxAttempts = 3
        try await RouterHarness.run(kind, pool: configuration, receiver: receiver, prefill: 1) { harness in
            // What an earlier router left: two deliveries of the message, each handed back after a failed try.
            for _ in 0..<2 {
                let leased = try await pollAll(harness.queue, count: 1, emptyPolls: 10)
                try #require(leased.count == 1)
                try await harness.queue.nak(leased[0], delay: .zero)
            }
        } _: { harness in
            let dead = try await pollAll(harness.deadLetters, count: 1, emptyPolls: 20)
            try #require(dead.count == 1)
            #expect(dead[0].message.id == "m-1")
            #expect(dead[0].message.headers[DeadLetterHeader.attempts] == "3")
            #expect(dead[0].message.headers[DeadLetterHeader.status] == "503")
            #expect(receiver.requests.count == 1, "the third try is the only one left")
        }
    }

    /// Messages waiting behind their group for longer than the visibility timeout keep their leases, so the queue
    /// does not deliver them a second time meanwhile.
    @Test(arguments: QueueKind.allCases)
    func messagesWaitingTheirTurnKeepTheirLeases(kind: QueueKind) async throws {
        // Each delivery takes 3.5 s, so the third message waits 7 s, past its 6 s lease; leases are extended every
        // second, which leaves a loaded machine five seconds to land each extension.
        let receiver = try await TestReceiver.start(work: .milliseconds(3500))
        defer { Task { await receiver.stop() } }
        try await RouterHarness.run(kind, visibility: .seconds(6), receiver: receiver) { harness in
            try await harness.send(3, groups: 1)
            try await harness.waitForDelivered(3)
            // Long enough for a lease that had run out to bring a message back.
            try await Task.sleep(for: .seconds(6))
            #expect(receiver.requests.compactMap(\.sequence) == [1, 2, 3])
        }
    }

    /// A failed try hands the message back to its queue: the next try is the queue's next delivery of it.
    @Test(arguments: QueueKind.allCases)
    func aRetryIsTheQueuesNextDelivery(kind: QueueKind) async throws {
        let receiver = try await TestReceiver.start { _, earlier in .init(status: earlier < 2 ? 500 : 200) }
        defer { Task { await receiver.stop() } }
        try await RouterHarness.run(kind, receiver: receiver) { harness in
            try await harness.send(3, groups: 1)
            try await harness.waitForDelivered(3)
            #expect(harness.pool.snapshot.retried == 6)
            // The group kept its order through the retries: each message was tried until delivered before the next.
            #expect(receiver.requests.compactMap(\.sequence) == [1, 1, 1, 2, 2, 2, 3, 3, 3])
            let queue = harness.queue
            try await withTimeout(.seconds(10), "every message acknowledged") {
                while try await !queue.peek(max: 10).isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            }
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
