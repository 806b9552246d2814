import NIOCore
import SluiceCore
import SluiceRouter

/// A router over one test queue with one pool, delivering to a ``TestReceiver``.
struct RouterHarness: Sendable {
    let queue: any RouterQueue
    let deadLetters: any RouterQueue
    let receiver: TestReceiver
    let pool: Pool
    let router: MessageRouter
    let deliverer: HTTPDeliverer

    /// A pool for tests: short retries, and a circuit breaker that does not open.
    static func configuration(concurrency: Int = 10) -> PoolConfiguration {
        var configuration = PoolConfiguration(code: "orders")
        configuration.concurrency = concurrency
        configuration.retry = .list([.milliseconds(100)])
        configuration.timeout = .seconds(5)
        return configuration
    }

    /// Runs `body` while a router reads a fresh queue of `kind` into a pool with `configuration`; `prefill` messages
    /// (see ``send(_:groups:prefix:)``) are in the queue, and `prepare` has run, before the router starts.
    static func run(
        _ kind: QueueKind,
        pool configuration: PoolConfiguration = Self.configuration(),
        visibility: Duration = .seconds(30),
        receiver: TestReceiver,
        prefill: Int = 0,
        prepare: @Sendable (RouterHarness) async throws -> Void = { _ in },
        _ body: @Sendable (RouterHarness) async throws -> Void
    ) async throws {
        try await kind.withQueue(visibility: visibility) { queue, deadLetters in
            let deliverer = HTTPDeliverer(
                signingSecret: "test-secret",
                circuitBreaker: try .init(failureThreshold: 1_000_000, openDuration: .milliseconds(100))
            )
            let pool = Pool(configuration: configuration, deliverer: deliverer, deadLetters: deadLetters, leaseRenewal: .seconds(1))
            let router = MessageRouter(queues: [queue], pools: [pool])
            let harness = RouterHarness(queue: queue, deadLetters: deadLetters, receiver: receiver, pool: pool, router: router, deliverer: deliverer)
            if prefill > 0 { try await harness.send(prefill) }
            try await prepare(harness)
            let running = Task { await router.run() }
            do {
                try await body(harness)
            } catch {
                running.cancel()
                _ = await running.value
                try? await deliverer.shutdown()
                throw error
            }
            running.cancel()
            _ = await running.value
            try await deliverer.shutdown()
        }
    }

    /// Submits `count` messages, `X-Seq` 1…count, spread over `groups` groups (none when 0).
    func send(_ count: Int, groups: Int = 0, prefix: String = "m") async throws {
        let messages = (1...count).map { number in
            let group = groups == 0 ? nil : "g\(number % groups)"
            var headers = ["X-Seq": String(number)]
            if let group { headers["X-Group"] = group }
            return RouterMessage(
                id: "\(prefix)-\(number)",
                pool: "orders",
                target: receiver.url,
                payload: ByteBuffer(string: #"{"n":\#(number)}"#),
                headers: headers,
                group: group
            )
        }
        var start = 0
        while start < messages.count {
            try await queue.send(Array(messages[start..<min(start + 100, messages.count)]))
            start += 100
        }
    }

    /// Waits until the receiver has answered 2xx to `count` distinct ids and the pool has counted them.
    func waitForDelivered(_ count: Int) async throws {
        while receiver.deliveredIDs.count < count || pool.snapshot.delivered < count { try await Task.sleep(for: .milliseconds(20)) }
    }
}
