import SQLiteNIO

extension SQLiteQueue {
    /// Marks a message processed: it is not delivered to this consumer again.
    ///
    /// An ack from an older delivery of the message still counts (the work was done).
    /// - Returns: `false` when the message was no longer unsettled (already acknowledged or dead-lettered).
    @discardableResult
    public func ack(_ receipt: QueueReceipt) async throws -> Bool {
        try await ack([receipt]) == 1
    }

    /// Marks messages processed, in one transaction; see ``ack(_:)-(QueueReceipt)``.
    /// - Returns: How many were still unsettled.
    @discardableResult
    public func ack(_ receipts: [QueueReceipt]) async throws -> Int {
        if receipts.isEmpty { return 0 }
        let byConsumer = Dictionary(grouping: receipts, by: \.consumer)
        return try await file.write { connection in
            var settled = 0
            for (consumer, receipts) in byConsumer {
                for chunk in receipts.chunks(of: 500) {
                    let rows = try await connection.query(
                        "DELETE FROM sluice_queue_lease WHERE consumer = ? AND seq IN (\(SQLText.placeholders(chunk.count))) RETURNING seq",
                        [.text(consumer)] + chunk.map { .integer(Int($0.sequence)) }
                    )
                    settled += rows.count
                }
            }
            if settled > 0 { _ = try await connection.query(QueueSchema.deleteConsumedMessages) }
            return settled
        }
    }

    /// Asks for the message to be delivered again, after `delay` (at once when zero).
    ///
    /// When this was its last allowed delivery (``QueueConsumerConfiguration/maxDeliver``), it moves to the
    /// dead letters instead, with `reason`. A reason is also kept for the dead letter should a later
    /// delivery be its last.
    /// - Returns: `false` when this delivery is no longer current (settled, or its lease ran out and it was
    ///   delivered again); nothing changes then.
    @discardableResult
    public func nak(_ receipt: QueueReceipt, delay: Duration = .zero, reason: String? = nil) async throws -> Bool {
        let now = nowMilliseconds
        return try await file.write { connection in
            guard try await Self.isCurrent(receipt, on: connection) else { return false }
            let state = try await ConsumerState.load(receipt.consumer, on: connection)
            if state.isExhausted(deliveries: receipt.deliveryCount) {
                try await Self.deadLetter(
                    [receipt.sequence],
                    of: receipt.consumer,
                    reason: .maxDeliverReached(state.maxDeliver ?? 0, explicit: reason),
                    now: now,
                    on: connection
                )
                _ = try await connection.query(QueueSchema.deleteConsumedMessages)
            } else {
                _ = try await connection.query(
                    "UPDATE sluice_queue_lease SET visible_at = ?, last_error = coalesce(?, last_error) WHERE consumer = ? AND seq = ?",
                    [
                        .integer(Int(now + max(delay.milliseconds, 0))), reason.map { .text($0) } ?? .null, .text(receipt.consumer),
                        .integer(Int(receipt.sequence)),
                    ]
                )
            }
            return true
        }
    }

    /// Gives up on the message: it moves to the dead letters with `reason` and is not delivered again.
    /// - Returns: `false` when this delivery is no longer current; nothing changes then.
    @discardableResult
    public func term(_ receipt: QueueReceipt, reason: String) async throws -> Bool {
        let now = nowMilliseconds
        return try await file.write { connection in
            guard try await Self.isCurrent(receipt, on: connection) else { return false }
            try await Self.deadLetter([receipt.sequence], of: receipt.consumer, reason: .terminated(reason), now: now, on: connection)
            _ = try await connection.query(QueueSchema.deleteConsumedMessages)
            return true
        }
    }

    /// Restarts the message's lease: it stays invisible for another lease from now (the visibility timeout
    /// it was fetched with).
    /// - Returns: `false` when this delivery is no longer current; nothing changes then.
    @discardableResult
    public func inProgress(_ receipt: QueueReceipt) async throws -> Bool {
        let now = nowMilliseconds
        return try await file.write { connection in
            let rows = try await connection.query(
                """
                UPDATE sluice_queue_lease SET visible_at = ? + lease_ms WHERE consumer = ? AND seq = ? AND deliveries = ?
                RETURNING seq
                """,
                [.integer(Int(now)), .text(receipt.consumer), .integer(Int(receipt.sequence)), .integer(receipt.deliveryCount)]
            )
            return !rows.isEmpty
        }
    }

    /// Restarts the leases of several messages in one transaction; see ``inProgress(_:)-(QueueReceipt)``.
    /// - Returns: How many of the deliveries were still current (and so extended).
    @discardableResult
    public func inProgress(_ receipts: [QueueReceipt]) async throws -> Int {
        if receipts.isEmpty { return 0 }
        let now = nowMilliseconds
        return try await file.write { connection in
            var extended = 0
            for receipt in receipts {
                let rows = try await connection.query(
                    """
                    UPDATE sluice_queue_lease SET visible_at = ? + lease_ms WHERE consumer = ? AND seq = ? AND deliveries = ?
                    RETURNING seq
                    """,
                    [.integer(Int(now)), .text(receipt.consumer), .integer(Int(receipt.sequence)), .integer(receipt.deliveryCount)]
                )
                extended += rows.count
            }
            return extended
        }
    }

    /// Whether the receipt's delivery is the message's current one for its consumer.
    private static func isCurrent(_ receipt: QueueReceipt, on connection: SQLiteConnection) async throws -> Bool {
        let rows = try await connection.query(
            "SELECT 1 AS current FROM sluice_queue_lease WHERE consumer = ? AND seq = ? AND deliveries = ?",
            [.text(receipt.consumer), .integer(Int(receipt.sequence)), .integer(receipt.deliveryCount)]
        )
        return !rows.isEmpty
    }
}
