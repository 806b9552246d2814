import Foundation
import JetStream

/// A change on its way to the store, with the message that carried it.
struct DeliveredChange: Sendable {
    var message: JetStreamMessage
    var sequence: UInt64
    var change: TupleChange
    /// Whether the message came from the durable consumer: its batch is acknowledged once done, and it is kept from
    /// redelivery while retried and terminated when put in the dead letters; changes read from the stream to fill a
    /// store are not.
    var acknowledged: Bool

    var sequenced: SequencedChange { SequencedChange(sequence: sequence, change: change) }
}

/// A delivery could be neither applied nor put in the dead letters: nothing of its batch is acknowledged.
struct UnsettledDelivery: Error, CustomStringConvertible {
    var sequence: UInt64

    var description: String { "change \(sequence) could not be put in the dead letters; reading again from the ack floor" }
}

/// The store could not take a change nor its dead letter: nothing of that store may be applied after it.
struct StoreStuck: Error, CustomStringConvertible {
    var sequence: UInt64
    var reason: String

    var description: String { "change \(sequence) can be neither applied nor put in the dead letters: \(reason)" }
}

extension EdgeAgent {
    /// How many lanes changes are spread over; a store always uses the same one, so its changes stay in order.
    static let laneCount = 10

    /// Applies a batch of deliveries: decoded, sorted into lanes by store, the lanes applied side by side (3 at once, or
    /// 10 while catching up), each lane's changes in one transaction; then the whole batch is acknowledged at once.
    /// Runs alone: no fill from the stream and no rebuild runs meanwhile.
    ///
    /// The consumer acknowledges by batch (`ack_policy: all`): one acknowledgement of the batch's highest stream
    /// sequence settles every delivery up to it, instead of one acknowledgement per change crossing the leaf and the
    /// gateway and being replicated by the consumer. That is safe because every delivery up to that sequence has been
    /// applied (or put in the dead letters) by then: deliveries come in stream order, each batch is finished before
    /// its acknowledgement, and each time consuming starts the range between the ack floor and the last delivery is
    /// read from the stream and applied first.
    /// - Throws: ``UnsettledDelivery`` when a delivery could be neither applied nor put in the dead letters; nothing of
    ///   the batch is acknowledged then, and consuming starts again from the ack floor.
    func handle(_ batch: [JetStreamMessage]) async throws {
        try await applying.withLease { _ in
            var lanes = Array(repeating: [DeliveredChange](), count: Self.laneCount)
            var highest: (sequence: UInt64, message: JetStreamMessage)?
            for message in batch {
                metrics.received.increment()
                guard let metadata = try? message.metadata() else {
                    try? await message.term(reason: "not a JetStream delivery")
                    continue
                }
                if metadata.streamSequence >= highest?.sequence ?? 0 { highest = (metadata.streamSequence, message) }
                let change: TupleChange
                do {
                    change = try decode(message)
                } catch {
                    let reason = "cannot decode the change: \(error)"
                    guard await giveUp(message, metadata: metadata, storeID: nil, reason: reason) else {
                        throw UnsettledDelivery(sequence: metadata.streamSequence)
                    }
                    continue
                }
                guard products.shouldSync(store: change.storeID, objectType: change.objectType) else { continue }
                let item = DeliveredChange(message: message, sequence: metadata.streamSequence, change: change, acknowledged: true)
                lanes[Self.lane(of: change.storeID)].append(item)
            }
            try await applyLanes(lanes.filter { !$0.isEmpty })
            if let highest {
                try? await highest.message.ack()
                metrics.recordAcks(batch.count)
            }
        }
    }

    /// Applies the lanes of a batch, side by side up to the concurrency (the catch-up one while catching up).
    private func applyLanes(_ busy: [[DeliveredChange]]) async throws {
        if busy.count <= 1 {
            // One store (or stores of one lane): applied here, without a task of its own.
            if let lane = busy.first { try await apply(lane) }
            return
        }
        let limit = health.catchingUp ? config.catchUpConcurrency : config.concurrency
        try await withThrowingTaskGroup(of: Void.self) { group in
            var running = 0
            for lane in busy {
                if running >= limit {
                    try await group.next()
                    running -= 1
                }
                group.addTask { try await self.apply(lane) }
                running += 1
            }
            try await group.waitForAll()
        }
    }

    /// Applies changes in the order given (stream order within each store): all in one transaction; when it fails, one
    /// by one, so one bad change does not hold back the changes before it.
    func apply(_ items: [DeliveredChange]) async throws {
        do {
            try await commit(items)
        } catch {
            for item in items { try await applyAlone(item) }
        }
    }

    /// Applies one change, trying again after ``EdgeConfig/nakDelay`` up to ``EdgeConfig/maxDeliver`` attempts, then
    /// puts it in the dead letters. The changes after it wait meanwhile, so its store's changes stay in stream order;
    /// its message is kept from redelivery with a progress signal.
    func applyAlone(_ item: DeliveredChange) async throws {
        var attempt = 1
        while true {
            do {
                try await commit([item])
                return
            } catch {
                if Task.isCancelled { throw CancellationError() }
                if attempt == 1, (try? await store.isDeadLettered(sequence: item.sequence)) == true {
                    // Gave up on already (while filling from the stream); this is its delivery again.
                    if item.acknowledged { try? await item.message.term(reason: "in the dead letters already") }
                    return
                }
                guard attempt < config.maxDeliver else {
                    let reason = "gave up after \(attempt) attempts (max_deliver): \(error)"
                    try await giveUp(item, reason: reason, attempts: attempt)
                    return
                }
                logger.info(
                    "applying a change failed; trying again",
                    metadata: ["seq": "\(item.sequence)", "attempt": "\(attempt)", "error": "\(error)"]
                )
                metrics.recordRetry()
                if item.acknowledged { try? await item.message.inProgress() }
                try? await Task.sleep(for: config.nakDelay)
                attempt += 1
            }
        }
    }

    /// Applies changes in one transaction and records what it did (``handle(_:)`` acknowledges their batch).
    private func commit(_ items: [DeliveredChange]) async throws {
        let fresh = try await store.apply(items.map(\.sequenced))
        metrics.record(applied: fresh.count, duplicates: items.count - fresh.count)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for item in items where fresh.contains(item.sequence) && item.change.timeUnixMs > 0 {
            metrics.latency.recordMilliseconds(max(0, now - item.change.timeUnixMs))
        }
        if let onApplied { onApplied(items.filter { fresh.contains($0.sequence) }.map(\.change)) }
    }

    /// Puts a change that cannot be applied in the dead letters with the reason, then terminates its delivery.
    /// - Throws: ``StoreStuck`` when the dead letter cannot be written either.
    private func giveUp(_ item: DeliveredChange, reason: String, attempts: Int) async throws {
        do {
            try await store.deadLetter(
                sequence: item.sequence,
                subject: item.message.subject,
                storeID: item.change.storeID,
                reason: reason,
                deliveries: attempts,
                payload: Array(item.message.payload.readableBytesView)
            )
        } catch {
            throw StoreStuck(sequence: item.sequence, reason: "\(reason); the dead letter failed: \(error)")
        }
        if item.acknowledged { try? await item.message.term(reason: reason) }
        metrics.recordDeadLetter()
        logger.warning("change put in the dead letters", metadata: ["seq": "\(item.sequence)", "reason": "\(reason)"])
    }

    /// Puts a delivery that is not a change in the dead letters with the reason, then terminates it.
    /// - Returns: `false` when the dead letter could not be written; the delivery is then asked for again after
    ///   ``EdgeConfig/nakDelay``.
    func giveUp(_ message: JetStreamMessage, metadata: MessageMetadata, storeID: String?, reason: String) async -> Bool {
        do {
            if try await store.isDeadLettered(sequence: metadata.streamSequence) {
                try? await message.term(reason: reason)
                return true
            }
            try await store.deadLetter(
                sequence: metadata.streamSequence,
                subject: message.subject,
                storeID: storeID,
                reason: reason,
                deliveries: Int(metadata.numDelivered),
                payload: Array(message.payload.readableBytesView)
            )
            try? await message.term(reason: reason)
            metrics.recordDeadLetter()
            logger.warning("change put in the dead letters", metadata: ["seq": "\(metadata.streamSequence)", "reason": "\(reason)"])
            return true
        } catch {
            try? await message.nak(delay: config.nakDelay)
            metrics.recordNak()
            return false
        }
    }

    /// The change a delivery carries.
    func decode(_ message: JetStreamMessage) throws -> TupleChange {
        let change = try TupleChange(serializedBytes: Array(message.payload.readableBytesView))
        try change.validate()
        return change
    }

    /// The lane of a store: a stable hash of its id (FNV-1a), not Swift's seeded one.
    static func lane(of store: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in store.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(hash % UInt64(laneCount))
    }
}
