import Foundation
import JetStream

/// A delivered change on its way to the store.
struct DeliveredChange: Sendable {
    var message: JetStreamMessage
    var metadata: MessageMetadata
    var change: TupleChange
}

extension EdgeAgent {
    /// How many lanes changes are spread over; a store always uses the same one, so its changes stay in order.
    static let laneCount = 10

    /// Applies a batch of deliveries: decoded, sorted into lanes by store, the lanes applied side by side (3 at once, or
    /// 10 while catching up), each lane's changes in one transaction, then acknowledged.
    func handle(_ batch: [JetStreamMessage]) async {
        var lanes = Array(repeating: [DeliveredChange](), count: Self.laneCount)
        let paused = rebuilding.withLock { $0 }
        for message in batch {
            metrics.received.increment()
            guard let metadata = try? message.metadata() else {
                try? await message.term(reason: "not a JetStream delivery")
                continue
            }
            let change: TupleChange
            do {
                change = try decode(message)
            } catch {
                await giveUp(message, metadata: metadata, storeID: nil, reason: "cannot decode the change: \(error)")
                continue
            }
            if paused.contains(change.storeID) {
                try? await message.nak(delay: .seconds(1))
                continue
            }
            guard config.products.shouldSync(store: change.storeID, objectType: change.objectType) else {
                try? await message.ack()
                metrics.recordAcks(1)
                continue
            }
            lanes[Self.lane(of: change.storeID)].append(DeliveredChange(message: message, metadata: metadata, change: change))
        }
        let limit = health.catchingUp ? config.catchUpConcurrency : config.concurrency
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for lane in lanes where !lane.isEmpty {
                if running >= limit {
                    await group.next()
                    running -= 1
                }
                group.addTask { await self.apply(lane) }
                running += 1
            }
        }
    }

    /// Applies one lane's changes in one transaction and acknowledges them; when the transaction fails, each change is
    /// tried on its own, so one bad change does not hold back the others.
    func apply(_ lane: [DeliveredChange]) async {
        do {
            let fresh = try await store.apply(lane.map { SequencedChange(sequence: $0.metadata.streamSequence, change: $0.change) })
            metrics.record(applied: fresh.count, duplicates: lane.count - fresh.count)
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            for item in lane where fresh.contains(item.metadata.streamSequence) && item.change.timeUnixMs > 0 {
                metrics.latency.recordMilliseconds(max(0, now - item.change.timeUnixMs))
            }
            if let onApplied { onApplied(lane.filter { fresh.contains($0.metadata.streamSequence) }.map(\.change)) }
            for item in lane { try? await item.message.ack() }
            metrics.recordAcks(lane.count)
        } catch {
            guard lane.count == 1 else {
                for item in lane { await apply([item]) }
                return
            }
            let item = lane[0]
            if item.metadata.numDelivered >= UInt64(config.maxDeliver) {
                await giveUp(
                    item.message,
                    metadata: item.metadata,
                    storeID: item.change.storeID,
                    reason: "gave up after \(item.metadata.numDelivered) deliveries (max_deliver): \(error)"
                )
            } else {
                logger.info("applying a change failed; it comes again", metadata: ["seq": "\(item.metadata.streamSequence)", "error": "\(error)"])
                try? await item.message.nak(delay: config.nakDelay)
                metrics.recordNak()
            }
        }
    }

    /// Puts a delivery in the dead letters with the reason, then terminates it; if that fails it comes again.
    func giveUp(_ message: JetStreamMessage, metadata: MessageMetadata, storeID: String?, reason: String) async {
        do {
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
        } catch {
            try? await message.nak(delay: config.nakDelay)
            metrics.recordNak()
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
