import Logging
import SluiceCore
import Synchronization

/// Delivers the messages of one pool code: at most ``PoolConfiguration/concurrency`` at once, no faster
/// than its rate limit, retrying on its schedule and dead-lettering what cannot be delivered.
///
/// Messages of one group go one at a time, in the order they were submitted, each after the previous one
/// is settled (delivered or dead); different groups and ungrouped messages go in parallel. A failed try hands
/// the message back to its queue with the retry's wait as its delay, so the queue counts the tries; while it is
/// away, the rest of its group waits here, and it goes first again when the queue brings it back.
/// The pool holds at most ``PoolConfiguration/buffer`` messages; ``submit(_:from:)`` waits for room, which
/// holds back only the queues feeding this pool.
///
/// ``update(_:)`` changes the limits while messages are in flight: those finish as they started, new ones
/// follow the new limits.
///
/// ``beginDrain()`` stops a pool without making its messages wait out their leases: deliveries in flight finish
/// and are settled, and every message not yet started (waiting for room, its group's turn, a retry or an open
/// circuit breaker) goes back to its queue at once, visible to any router again.
public final class Pool: Sendable {
    /// The pool code.
    public let code: String
    let deliverer: HTTPDeliverer
    let deadLetters: any QueueProducer
    let leaseRenewal: Duration
    let leases: LeaseKeeper
    let logger: Logger
    let statistics = PoolStatistics()
    let metrics: RouterMetrics

    private let settings: Mutex<PoolConfiguration>
    let bucket: Mutex<TokenBucket<ContinuousClock.Instant>?>
    let permits: Permits
    private let room: Permits
    /// The groups that have messages here: those waiting, and whether one is being delivered or away for a retry.
    private let groups = Mutex<[String: GroupSlot]>([:])
    private let inbox = AsyncStream.makeStream(of: Work.self)
    private let draining = Atomic<Bool>(false)

    /// One message from one queue.
    struct Work: Sendable {
        var leased: LeasedMessage
        var queue: any QueueConsumer
        /// Whether it holds a place of the pool's buffer (a message back from a retry uses its group's).
        var holdsRoom = true
        /// Its ticket with the pool's ``LeaseKeeper``.
        var ticket: UInt64 = 0
    }

    /// One group's messages in the pool; a group is here while a task delivers its messages.
    struct GroupSlot: Sendable {
        /// Messages waiting their turn, in order.
        var waiting: [Work] = []
        /// The id of the message handed back to its queue for a retry, which goes first when it comes back.
        var away: String?
    }

    /// How much longer than its retry's delay a group waits for a message handed back to its queue (the queue may
    /// be slow to bring it back, or another router may have got it), before it goes on without it.
    static let awayGrace = Duration.seconds(30)

    /// Creates a pool.
    ///
    /// - Parameters:
    ///   - configuration: Limits, retries and timeout.
    ///   - deliverer: Sends the requests.
    ///   - deadLetters: Where messages go that are rejected or out of tries.
    ///   - leaseRenewal: How often the lease of a message the pool holds is extended (see ``LeaseKeeper``).
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
        leases = LeaseKeeper(period: leaseRenewal)
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

    /// Hands a message to the pool, waiting while it holds its buffer's worth. A message its group is waiting for
    /// (back from a retry) comes in at once: its group holds the room it needs.
    func submit(_ leased: LeasedMessage, from queue: any QueueConsumer) async {
        let awaited = leased.message.group.map { group in groups.withLock { $0[group]?.away == leased.message.id } } ?? false
        if !awaited { await room.acquire() }
        var work = Work(leased: leased, queue: queue, holdsRoom: !awaited)
        work.ticket = leases.hold(work)
        inbox.continuation.yield(work)
    }

    /// Starts a drain: no message starts a delivery from now on; each goes back to its queue instead.
    public func beginDrain() {
        draining.store(true, ordering: .relaxed)
    }

    /// Whether ``beginDrain()`` was called.
    var isDraining: Bool { draining.load(ordering: .relaxed) }

    /// Ends the intake: once nothing more will be submitted, ``run()`` returns when the messages it holds are settled.
    func finishIntake() {
        inbox.continuation.finish()
    }

    /// Delivers submitted messages until the intake is finished and every message is settled, or the task is
    /// cancelled.
    func run() async {
        await withTaskGroup(of: Void.self) { tasks in
            tasks.addTask { await self.leases.run(logger: self.logger) }
            tasks.addTask { await self.deliverSubmitted() }
            // The lease keeper runs until it is cancelled, so the first to end is the deliveries.
            _ = await tasks.next()
            tasks.cancelAll()
        }
    }

    private func deliverSubmitted() async {
        await withDiscardingTaskGroup { tasks in
            for await work in inbox.stream {
                guard let group = work.leased.message.group else {
                    tasks.addTask {
                        _ = await self.process(work)
                        await self.leases.release(work.ticket)
                        if work.holdsRoom { self.room.release() }
                    }
                    continue
                }
                let first = groups.withLock { groups in
                    if groups[group] != nil {
                        groups[group]!.waiting.append(work)
                        return false
                    }
                    groups[group] = GroupSlot()
                    return true
                }
                if first { tasks.addTask { await self.runGroup(group, first: work) } }
            }
        }
    }

    /// Delivers a group's messages one after the other until none are waiting. When one is handed back for a
    /// retry, the group waits for it to come back (at most its delay and ``awayGrace``), then goes on with it first.
    private func runGroup(_ group: String, first: Work) async {
        var next: Work? = first
        while let work = next {
            let settlement = await process(work)
            await leases.release(work.ticket)
            if work.holdsRoom { room.release() }
            if case .handedBack(let id, let delay) = settlement {
                let deadline = ContinuousClock.now + delay + Self.awayGrace
                groups.withLock { $0[group]?.away = id }
                next = await awaitReturn(of: id, group: group, until: deadline)
                if next != nil { continue }
            }
            next = groups.withLock { groups in
                guard var slot = groups[group], !slot.waiting.isEmpty else {
                    groups[group] = nil
                    return nil
                }
                defer { groups[group] = slot }
                return slot.waiting.removeFirst()
            }
        }
    }

    /// Waits until the message `id` is among its group's waiting messages and takes it; `nil` when `deadline` passes
    /// first or the task is cancelled.
    private func awaitReturn(of id: String, group: String, until deadline: ContinuousClock.Instant) async -> Work? {
        while true {
            let back = groups.withLock { groups -> Work? in
                guard let index = groups[group]?.waiting.firstIndex(where: { $0.leased.message.id == id }) else { return nil }
                groups[group]?.away = nil
                return groups[group]?.waiting.remove(at: index)
            }
            if let back { return back }
            if ContinuousClock.now >= deadline || Task.isCancelled || isDraining {
                groups.withLock { $0[group]?.away = nil }
                return nil
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Takes a token from the rate limit and returns how long to wait for it (zero without a limit).
    func bucketReserve() -> Duration {
        bucket.withLock { $0?.reserve(now: .now) ?? .zero }
    }
}
