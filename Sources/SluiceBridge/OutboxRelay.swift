import JetStream
import Logging
import NATS
import NIOCore
import ServiceLifecycle
import SluiceCore
import Synchronization

/// Moves the rows of an outbox table to JetStream: claims a batch, publishes it through the asynchronous publish
/// window, marks the rows published; when a batch comes back short it waits for the store's signal (PostgreSQL
/// `LISTEN/NOTIFY`) or the poll interval.
///
/// Batches are pipelined: while one batch's acknowledgements arrive and its rows are marked, the next is claimed and
/// published (up to ``Options/batchesInFlight`` at once). A batch is handed to the publisher only after the one
/// before it, so events leave in the order they were claimed.
///
/// Several relays may run on one table side by side: each claims rows the others do not hold. A relay killed
/// mid-batch leaves its rows unpublished; the next claim publishes them again with the same `Nats-Msg-Id` (the
/// `event_id`), which the stream's duplicate window drops.
///
/// Failed publishes count `attempts`, keep `last_error` and wait the configuration's backoff before the next try.
/// Published rows are deleted after ``Options/retention``.
public final class OutboxRelay<Store: OutboxStore>: Service, Sendable {
    /// How a relay batches, polls and cleans up.
    public struct Options: Sendable, Hashable {
        /// The most rows claimed at once. Defaults to 1,000.
        public var batchSize: Int = 1000
        /// The most publishes waiting for their acknowledgement. Defaults to 4,000.
        public var publishWindow: Int = 4000
        /// How many claimed batches may be in flight at once. Defaults to 2: one being acknowledged and marked while
        /// the next is claimed and published.
        public var batchesInFlight: Int = 2
        /// How long to wait for new rows without a signal before looking again. Defaults to 1 second.
        public var pollInterval: Duration = .seconds(1)
        /// How long published rows are kept; `nil` keeps them. Defaults to 24 hours.
        public var retention: Duration? = .seconds(86_400)
        /// How often the backlog is measured and old rows deleted. Defaults to 5 seconds.
        public var maintenanceInterval: Duration = .seconds(5)

        /// Options with the defaults.
        public init() {}
    }

    /// The configuration giving subjects, producer and backoff.
    public let configuration: BridgeConfiguration
    /// The table.
    public let store: Store
    /// The options in effect.
    public let options: Options
    let context: JetStreamContext
    let logger: Logger
    let metrics = OutboxMetrics()
    private let wake = WakeSignal()
    private let state = Mutex<(stopped: Bool, backlog: OutboxBacklog?)>((false, nil))

    /// A relay from `store` to the stream, through `client`.
    public init(
        configuration: BridgeConfiguration,
        store: Store,
        client: NATSClient,
        options: Options = Options(),
        logger: Logger = Logger(label: "sluice.outbox")
    ) {
        self.configuration = configuration
        self.store = store
        self.options = options
        self.context = JetStreamContext(client: client)
        self.logger = logger
    }

    /// The backlog last measured, `nil` before the first measurement.
    public var backlog: OutboxBacklog? { state.withLock { $0.backlog } }

    /// Makes sure the stream exists, then relays until ``stop()``, a graceful shutdown or cancellation. A stop lets
    /// the batches in flight finish.
    public func run() async throws {
        try await configuration.ensureStream(context)
        let publisher = try await context.makePublisher(
            options: JetStreamPublisher.Options(maxPending: options.publishWindow, ackTimeout: .seconds(10))
        )
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.listenLoop() }
                group.addTask { await self.maintenanceLoop() }
                await self.relayLoop(publisher)
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.stop()
        }
        await publisher.close()
    }

    /// Ends ``run()`` after the batches in flight.
    public func stop() {
        state.withLock { $0.stopped = true }
        wake.signal()
    }

    private var stopped: Bool { state.withLock { $0.stopped } || Task.isCancelled }

    private func relayLoop(_ publisher: JetStreamPublisher) async {
        await withTaskGroup(of: Void.self) { batches in
            var inFlight = 0
            var previous: Latch<Void>?
            while !stopped {
                let generation = wake.generation
                let claimed = Latch<Int?>()
                let sent = Latch<Void>()
                let after = previous
                batches.addTask { await self.relayBatch(publisher, after: after, claimed: claimed, sent: sent) }
                previous = sent
                inFlight += 1
                let count = await claimed.wait()
                if count == options.batchSize {
                    if inFlight >= max(options.batchesInFlight, 1) {
                        await batches.next()
                        inFlight -= 1
                    }
                    continue
                }
                // A short batch, or the store failed: let the batches in flight finish, then wait for new rows.
                while await batches.next() != nil {}
                inFlight = 0
                await wake.wait(after: generation, timeout: options.pollInterval)
            }
        }
    }

    /// Claims one batch and publishes it after the batch before it was handed to the publisher (`after`); tells how
    /// many rows it claimed (`nil` when the store failed) and when its own publishes are handed over.
    private func relayBatch(_ publisher: JetStreamPublisher, after: Latch<Void>?, claimed: Latch<Int?>, sent: Latch<Void>) async {
        do {
            let count = try await store.withClaimedBatch(limit: options.batchSize, backoff: configuration.backoff) { records in
                claimed.open(records.count)
                await after?.wait()
                let pending = await self.send(records, through: publisher)
                sent.open(())
                return await self.acknowledge(pending)
            }
            claimed.open(count)
        } catch {
            claimed.open(nil)
            metrics.storeErrors.increment()
            logger.warning("cannot read the outbox; trying again", metadata: ["error": "\(error)"])
        }
        sent.open(())
    }

    /// Publishes `records` through the window, in order, without waiting for the acknowledgements.
    func send(_ records: [OutboxRecord], through publisher: JetStreamPublisher) async -> PendingBatch {
        var pending = PendingBatch(count: records.count)
        pending.futures.reserveCapacity(records.count)
        let subjects = BridgeSubjects(configuration)
        for record in records {
            var envelope = record.envelope
            envelope.producer = configuration.appName
            envelope.version = record.id
            do {
                let subject = try subjects.publish(resourceType: envelope.resourceType, eventType: envelope.eventType)
                let future = try await publisher.publish(
                    subject,
                    payload: ByteBuffer(bytes: envelope.encoded()),
                    options: PublishOptions(messageID: envelope.eventID)
                )
                pending.futures.append((record.id, future))
            } catch {
                pending.failures[record.id] = "\(error)"
            }
        }
        return pending
    }

    /// Waits for every acknowledgement of a batch; returns the failures by id.
    func acknowledge(_ pending: PendingBatch) async -> [Int64: String] {
        var failures = pending.failures
        for (id, future) in pending.futures {
            do {
                _ = try await future.value()
            } catch {
                failures[id] = "\(error)"
            }
        }
        metrics.published.increment(by: Int64(pending.count - failures.count))
        if !failures.isEmpty {
            metrics.failures.increment(by: Int64(failures.count))
            logger.warning("outbox publishes failed", metadata: ["failed": "\(failures.count)", "example": "\(failures.first?.value ?? "")"])
        }
        return failures
    }

    /// A batch handed to the publisher: the acknowledgements to wait for, and the rows that failed already.
    struct PendingBatch: Sendable {
        var count: Int
        var futures: [(Int64, PubAckFuture)] = []
        var failures: [Int64: String] = [:]
    }

    private func listenLoop() async {
        while !Task.isCancelled {
            do {
                try await store.listen { [wake] in wake.signal() }
                return
            } catch {
                logger.debug("outbox notifications lost; polling until they are back", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: options.pollInterval)
            }
        }
    }

    private func maintenanceLoop() async {
        while !Task.isCancelled {
            do {
                let backlog = try await store.backlog()
                state.withLock { $0.backlog = backlog }
                metrics.record(backlog)
                if let retention = options.retention {
                    _ = try await store.deletePublished(olderThan: retention, limit: 10_000)
                }
            } catch {
                logger.debug("cannot measure the outbox", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: options.maintenanceInterval)
        }
    }
}
