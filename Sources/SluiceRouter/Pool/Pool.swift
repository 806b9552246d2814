import Logging
import SluiceCore
import Synchronization

/// Delivers the messages of one pool code: at most ``PoolConfiguration/concurrency`` at once, no faster
/// than its rate limit, retrying on its schedule and dead-lettering what cannot be delivered.
///
/// Messages of one group go one at a time, in the order they were submitted, each after the previous one
/// is settled (delivered or dead); different groups and ungrouped messages go in parallel. Retries happen
/// in the pool, with the message's lease extended while it waits, so a group keeps its order through them.
/// The pool holds at most ``PoolConfiguration/buffer`` messages; ``submit(_:from:)`` waits for room, which
/// holds back only the queues feeding this pool.
///
/// ``update(_:)`` changes the limits while messages are in flight: those finish as they started, new ones
/// follow the new limits.
public final class Pool: Sendable {
    /// The pool code.
    public let code: String
    let deliverer: HTTPDeliverer
    let deadLetters: any QueueProducer
    let leaseRenewal: Duration
    let logger: Logger
    let statistics = PoolStatistics()
    let metrics: RouterMetrics

    private let settings: Mutex<PoolConfiguration>
    let bucket: Mutex<TokenBucket<ContinuousClock.Instant>?>
    let permits: Permits
    private let room: Permits
    /// The messages waiting behind the one being delivered, by group; a group is here while it has a runner.
    private let groups = Mutex<[String: [Work]]>([:])
    private let inbox = AsyncStream.makeStream(of: Work.self)

    /// One message from one queue.
    struct Work: Sendable {
        var leased: LeasedMessage
        var queue: any QueueConsumer
    }

    /// Creates a pool.
    ///
    /// - Parameters:
    ///   - configuration: Limits, retries and timeout.
    ///   - deliverer: Sends the requests.
    ///   - deadLetters: Where messages go that are rejected or out of tries.
    ///   - leaseRenewal: How often a message's lease is extended while it waits for a retry.
    public init(
        configuration: PoolConfiguration,
        deliverer: HTTPDeliverer,
        deadLetters: any QueueProducer,
        leaseRenewal: Duration = .seconds(10),
        logger: Logger = Logger(label: "sluice.router")
    ) {
        code = configuration.code
        self.deliverer = deliverer
        self.deadLetters = deadLetters
        self.leaseRenewal = leaseRenewal
        self.logger = logger
        metrics = RouterMetrics(pool: configuration.code)
        settings = Mutex(configuration)
        bucket = Mutex(configuration.rateLimit.map { TokenBucket(limit: $0, now: .now) })
        permits = Permits(limit: configuration.concurrency)
        room = Permits(limit: configuration.buffer)
    }

    /// The configuration in force.
    public var configuration: PoolConfiguration { settings.withLock { $0 } }

    /// Counters and the p99 delivery time so far.
    public var snapshot: PoolSnapshot { statistics.snapshot(pool: code) }

    /// Applies new limits to messages not yet started; the code must stay the same.
    public func update(_ configuration: PoolConfiguration) {
        let previous = settings.withLock { settings in
            defer { settings = configuration }
            return settings
        }
        if previous.rateLimit != configuration.rateLimit {
            bucket.withLock { $0 = configuration.rateLimit.map { TokenBucket(limit: $0, now: .now) } }
        }
        permits.setLimit(configuration.concurrency)
        room.setLimit(configuration.buffer)
    }

    /// Hands a message to the pool, waiting while it holds its buffer's worth.
    func submit(_ leased: LeasedMessage, from queue: any QueueConsumer) async {
        await room.acquire()
        inbox.continuation.yield(Work(leased: leased, queue: queue))
    }

    /// Delivers submitted messages until the task is cancelled.
    func run() async {
        await withDiscardingTaskGroup { tasks in
            for await work in inbox.stream {
                guard let group = work.leased.message.group else {
                    tasks.addTask {
                        await self.process(work)
                        self.room.release()
                    }
                    continue
                }
                let first = groups.withLock { groups in
                    if groups[group] != nil {
                        groups[group]!.append(work)
                        return false
                    }
                    groups[group] = []
                    return true
                }
                if first { tasks.addTask { await self.runGroup(group, first: work) } }
            }
        }
    }

    /// Delivers a group's messages one after the other until none are waiting.
    private func runGroup(_ group: String, first: Work) async {
        var next: Work? = first
        while let work = next {
            await process(work)
            room.release()
            next = groups.withLock { groups in
                guard let waiting = groups[group], !waiting.isEmpty else {
                    groups[group] = nil
                    return nil
                }
                groups[group]!.removeFirst()
                return waiting[0]
            }
        }
    }

    /// Takes a token from the rate limit and returns how long to wait for it (zero without a limit).
    func bucketReserve() -> Duration {
        bucket.withLock { $0?.reserve(now: .now) ?? .zero }
    }
}
