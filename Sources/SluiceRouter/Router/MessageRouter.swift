import Logging
import Synchronization

/// Reads messages from any number of queues and hands each to the pool its pool code names.
///
/// Each queue has its own reading task; handing a message to a full pool waits, so a slow pool holds back
/// only the queues that feed it. A message for a pool the router does not have goes to the pool named
/// `default` if there is one, else it is put back on its queue for 30 seconds (a pool may be added meanwhile).
///
/// ```swift
/// let router = MessageRouter(queues: [queue], pools: [pool])
/// await router.run()   // until drain() has finished, or the task is cancelled
/// ```
public final class MessageRouter: Sendable {
    /// The queues read.
    public let queues: [any QueueConsumer]
    /// How many messages one poll asks for.
    public let batchSize: Int
    private let logger: Logger
    private let registry: Mutex<[String: Pool]>
    private let added = AsyncStream.makeStream(of: Pool.self)
    private let draining = Atomic<Bool>(false)

    /// Creates a router; nothing is read before ``run()``.
    public init(queues: [any QueueConsumer], pools: [Pool], batchSize: Int = 100, logger: Logger = Logger(label: "sluice.router")) {
        self.queues = queues
        self.batchSize = max(batchSize, 1)
        self.logger = logger
        registry = Mutex(Dictionary(pools.map { ($0.code, $0) }) { _, last in last })
    }

    /// The pools, by code.
    public var pools: [Pool] { registry.withLock { Array($0.values) }.sorted { $0.code < $1.code } }

    /// The pool with `code`, if any.
    public func pool(_ code: String) -> Pool? { registry.withLock { $0[code] } }

    /// Adds a pool, or applies `configuration` to the existing pool with its code (see ``Pool/update(_:)``).
    /// `make` creates the pool when there is none.
    public func upsert(_ configuration: PoolConfiguration, make: () -> Pool) {
        let created = registry.withLock { registry -> Pool? in
            if let existing = registry[configuration.code] {
                existing.update(configuration)
                return nil
            }
            let pool = make()
            if draining.load(ordering: .relaxed) { pool.beginDrain() }
            registry[pool.code] = pool
            return pool
        }
        if let created { added.continuation.yield(created) }
    }

    /// Reads and delivers until ``drain()`` has finished or the task is cancelled. Cancelled, deliveries in flight
    /// are cancelled with it, and their messages come again when their leases run out.
    public func run() async {
        await withDiscardingTaskGroup { tasks in
            for pool in pools { tasks.addTask { await pool.run() } }
            tasks.addTask {
                await withDiscardingTaskGroup { readers in
                    for queue in self.queues { readers.addTask { await self.read(queue) } }
                }
                // Nothing is read any more: once the pools have settled what they hold, the router is done.
                self.added.continuation.finish()
                for pool in self.pools { pool.finishIntake() }
            }
            for await pool in added.stream { tasks.addTask { await pool.run() } }
        }
    }

    /// Starts a drain: the queues are not polled again, deliveries in flight finish and are settled, and every
    /// message not yet started goes back to its queue at once (see ``Pool/beginDrain()``); ``run()`` returns when
    /// that is done. Bound it by cancelling ``run()`` after a deadline.
    public func drain() {
        let pools = registry.withLock { registry in
            draining.store(true, ordering: .relaxed)
            return Array(registry.values)
        }
        for pool in pools { pool.beginDrain() }
    }

    /// Polls one queue and hands its messages to their pools; once the router drains, what a poll brought goes
    /// back to the queue.
    private func read(_ queue: any QueueConsumer) async {
        while !Task.isCancelled && !draining.load(ordering: .relaxed) {
            do {
                for leased in try await queue.poll(max: batchSize) {
                    if draining.load(ordering: .relaxed) {
                        try await queue.nak(leased, delay: .zero)
                        continue
                    }
                    let code = leased.message.pool
                    if let pool = registry.withLock({ $0[code] ?? $0["default"] }) {
                        await pool.submit(leased, from: queue)
                    } else {
                        logger.warning(
                            "no pool for a message",
                            metadata: ["pool": "\(code)", "id": "\(leased.message.id)", "queue": "\(queue.name)"]
                        )
                        try await queue.nak(leased, delay: .seconds(30))
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.error("polling failed", metadata: ["queue": "\(queue.name)", "error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
