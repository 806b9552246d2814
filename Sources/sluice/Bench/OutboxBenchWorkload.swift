import Foundation
import JetStream
import Logging
import NATS
import SluiceBridge
import Synchronization

/// The three measurements of `sluice bench outbox`, on either store.
struct OutboxBenchWorkload<Database: OutboxBenchDatabase> {
    let producer: BridgeConfiguration
    let consumer: BridgeConfiguration
    let database: Database
    let client: NATSClient
    let logger: Logger

    var js: JetStreamContext { JetStreamContext(client: client) }

    /// Fills the outbox with `events` rows, then times one relay publishing them all.
    func relayThroughput(events: Int) async throws -> Double {
        try await fill(events)
        let relay = makeRelay()
        let start = ContinuousClock.now
        try await running(relay) { try await waitUntilPublished() }
        return Double(events) / Self.seconds(since: start)
    }

    /// Fills the outbox again, then times a relay and a consumer with the inbox until every event is handled.
    func endToEndThroughput(events: Int) async throws -> Double {
        // The consumer starts on an empty stream: only this pass's events.
        _ = try await js.purgeStream(producer.streamName)
        try await fill(events)
        let handled = Counter()
        let consumer = Consumer(
            configuration: self.consumer,
            client: client,
            durableName: "bench-e2e",
            batchSize: 500,
            concurrency: 16,
            inbox: database.inbox()
        ) { _, _ in
            handled.increment()
        }
        let relay = makeRelay()
        let start = ContinuousClock.now
        try await running(relay) {
            try await running(consumer) { await handled.wait(for: events) }
        }
        return Double(events) / Self.seconds(since: start)
    }

    /// Inserts one row per transaction at `rate` for `seconds`, with a relay and a consumer running, and returns
    /// each event's time from its commit to its handler, in milliseconds.
    func latencies(rate: Int, seconds: Int) async throws -> [Double] {
        let total = rate * seconds
        // An event may reach its handler before its writer has noted the commit: both times are kept and matched after.
        let commits = Mutex<[String: ContinuousClock.Instant]>([:])
        let handledAt = Mutex<[String: ContinuousClock.Instant]>([:])
        let handled = Counter()
        let consumer = Consumer(
            configuration: self.consumer,
            client: client,
            durableName: "bench-latency",
            batchSize: 100,
            concurrency: 16,
            inbox: database.inbox()
        ) { message, _ in
            let now = ContinuousClock.now
            handledAt.withLock { $0[message.event.resourceID] = now }
            handled.increment()
        }
        _ = try await js.purgeStream(producer.streamName)
        let relay = makeRelay()
        try await running(relay) {
            try await running(consumer) {
                let start = ContinuousClock.now
                for index in 0..<total {
                    let due = start + .nanoseconds(Int64(index) * 1_000_000_000 / Int64(rate))
                    if due > .now { try await Task.sleep(until: due) }
                    let id = "latency-\(index)"
                    try await database.insert(resourceID: id)
                    commits.withLock { $0[id] = .now }
                }
                await handled.wait(for: total)
            }
        }
        let committed = commits.withLock { $0 }
        return handledAt.withLock { handledAt in
            handledAt.compactMap { id, handled in committed[id].map { max(0, Self.milliseconds(handled - $0)) } }
        }
    }

    private func makeRelay() -> OutboxRelay<Database.Store> {
        var options = OutboxRelay<Database.Store>.Options()
        options.batchSize = 2000
        options.publishWindow = 4000
        options.retention = nil
        options.pollInterval = database.pollInterval
        return OutboxRelay(
            configuration: producer,
            store: database.store(),
            client: client,
            options: options,
            logger: logger
        )
    }

    /// Fills the outbox with `events` rows.
    private func fill(_ events: Int) async throws {
        try await database.fill(events)
    }

    /// Waits until no row is unpublished, looking every 20 ms.
    private func waitUntilPublished() async throws {
        while try await database.hasUnpublished() { try await Task.sleep(for: .milliseconds(20)) }
    }

    /// Runs `service` while `body` runs, then stops it and waits for it.
    private func running<T>(_ service: some BenchService, _ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            do {
                let result = try await body()
                service.stop()
                try await group.waitForAll()
                return result
            } catch {
                service.stop()
                group.cancelAll()
                throw error
            }
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        milliseconds(.now - start) / 1000
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// Counts handled events and wakes a waiter at a count.
    final class Counter: Sendable {
        private let state = Mutex<(count: Int, waiter: (Int, CheckedContinuation<Void, Never>)?)>((0, nil))

        func increment() {
            let ready = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.count += 1
                guard let (target, waiter) = state.waiter, state.count >= target else { return nil }
                state.waiter = nil
                return waiter
            }
            ready?.resume()
        }

        func wait(for target: Int) async {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state in
                    if state.count >= target { return true }
                    state.waiter = (target, continuation)
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }
}

/// What the benchmark runs and stops: a relay or a consumer.
protocol BenchService: Sendable {
    func run() async throws
    func stop()
}

extension OutboxRelay: BenchService {}
extension Consumer: BenchService {}
