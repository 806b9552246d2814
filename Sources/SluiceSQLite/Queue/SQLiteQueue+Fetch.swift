import FoundationEssentials
import SQLiteNIO

extension SQLiteQueue {
    /// How often a waiting fetch looks again when nothing is published in this process: leases run out
    /// and other processes publish without signalling.
    private static let pollInterval = Duration.milliseconds(100)

    /// Leases up to `batch` messages to `consumer`, in sequence order.
    ///
    /// Messages due for redelivery (lease run out, or nak delay passed) come first, then messages the
    /// consumer has not seen. Each delivery increments the message's delivery count; a due message that
    /// already had ``QueueConsumerConfiguration/maxDeliver`` deliveries moves to the dead letters instead.
    /// Leased messages are invisible to other fetches until `visibilityTimeout` passes, so concurrent
    /// fetchers (in this process or another) never get the same message at the same time.
    ///
    /// - Parameters:
    ///   - consumer: The consumer's durable name.
    ///   - batch: The most messages to return, at least 1.
    ///   - visibilityTimeout: The lease; `nil` uses the consumer's ``QueueConsumerConfiguration/ackWait``.
    ///   - expires: How long to wait for a message when none is available; zero returns at once.
    /// - Returns: Between 0 and `batch` messages; empty only when none came within `expires`.
    /// - Throws: ``SluiceSQLiteError/Code/consumerNotFound``, ``SluiceSQLiteError/Code/invalidArgument``.
    public func fetch(
        consumer: String,
        batch: Int,
        visibilityTimeout: Duration? = nil,
        expires: Duration = .zero
    ) async throws -> [QueueMessage] {
        guard batch >= 1 else { throw SluiceSQLiteError(.invalidArgument, "batch must be at least 1, not \(batch)") }
        if let visibilityTimeout, visibilityTimeout.milliseconds < 1 {
            throw SluiceSQLiteError(.invalidArgument, "the visibility timeout must be at least 1 ms")
        }
        let deadline = ContinuousClock.now + expires
        while true {
            let generation = wakeup.generation
            let messages = try await fetchAvailable(consumer: consumer, batch: batch, visibilityTimeout: visibilityTimeout)
            let remaining = deadline - ContinuousClock.now
            if !messages.isEmpty || remaining <= .zero || Task.isCancelled { return messages }
            await wakeup.wait(after: generation, timeout: min(remaining, Self.pollInterval))
        }
    }

    private func fetchAvailable(consumer: String, batch: Int, visibilityTimeout: Duration?) async throws -> [QueueMessage] {
        let now = nowMilliseconds
        return try await file.write { connection in
            let state = try await ConsumerState.load(consumer, on: connection)
            let lease = visibilityTimeout?.milliseconds ?? state.ackWaitMilliseconds
            var messages = try await Self.redeliver(state, batch: batch, lease: lease, now: now, on: connection)
            if messages.count < batch {
                messages += try await Self.deliverNew(state, batch: batch - messages.count, lease: lease, now: now, on: connection)
            }
            return messages.sorted { $0.sequence < $1.sequence }
        }
    }

    /// Leases again the consumer's due messages, moving exhausted ones to the dead letters.
    private static func redeliver(
        _ state: ConsumerState,
        batch: Int,
        lease: Int64,
        now: Int64,
        on connection: SQLiteConnection
    ) async throws -> [QueueMessage] {
        var messages: [QueueMessage] = []
        var movedAny = false
        while messages.count < batch {
            let limit = batch - messages.count
            let due = try await connection.query(
                """
                SELECT seq, deliveries FROM sluice_queue_lease WHERE consumer = ? AND visible_at <= ?
                ORDER BY visible_at, seq LIMIT ?
                """,
                [.text(state.name), .integer(Int(now)), .integer(limit)]
            )
            if due.isEmpty { break }
            var exhausted: [Int64] = []
            var again: [Int64] = []
            for row in due {
                let sequence = try row.int64("seq")
                if state.isExhausted(deliveries: Int(try row.int64("deliveries"))) {
                    exhausted.append(sequence)
                } else {
                    again.append(sequence)
                }
            }
            if !exhausted.isEmpty {
                try await deadLetter(
                    exhausted,
                    of: state.name,
                    reason: .maxDeliverReached(state.maxDeliver ?? 0, explicit: nil),
                    now: now,
                    on: connection
                )
                movedAny = true
            }
            if !again.isEmpty {
                let list = SQLText.placeholders(again.count)
                let sequences = again.map { SQLiteData.integer(Int($0)) }
                _ = try await connection.query(
                    """
                    UPDATE sluice_queue_lease SET deliveries = deliveries + 1, visible_at = ?, lease_ms = ?
                    WHERE consumer = ? AND seq IN (\(list))
                    """,
                    [.integer(Int(now + lease)), .integer(Int(lease)), .text(state.name)] + sequences
                )
                let rows = try await connection.query(
                    """
                    SELECT m.seq, m.subject, m.payload, m.headers, m.message_id, m.published_at, l.deliveries
                    FROM sluice_queue_lease l JOIN sluice_queue_message m ON m.seq = l.seq
                    WHERE l.consumer = ? AND l.seq IN (\(list))
                    """,
                    [.text(state.name)] + sequences
                )
                messages += try rows.map { try QueueMessage(row: $0, consumer: state.name, deliveries: Int(try $0.int64("deliveries"))) }
            }
            if due.count < limit { break }
        }
        if movedAny { _ = try await connection.query(QueueSchema.deleteConsumedMessages) }
        return messages
    }

    /// Leases messages past the consumer's cursor that match its filter, and moves the cursor past them.
    private static func deliverNew(
        _ state: ConsumerState,
        batch: Int,
        lease: Int64,
        now: Int64,
        on connection: SQLiteConnection
    ) async throws -> [QueueMessage] {
        let rows = try await connection.query(
            """
            SELECT seq, subject, payload, headers, message_id, published_at FROM sluice_queue_message
            WHERE seq > ? AND (target IS NULL OR target = ?) AND (? = '>' OR \(QueueSchema.matchFunctionName)(?, subject))
            ORDER BY seq LIMIT ?
            """,
            [.integer(Int(state.cursor)), .text(state.name), .text(state.filter.text), .text(state.filter.text), .integer(batch)]
        )
        let messages = try rows.map { try QueueMessage(row: $0, consumer: state.name, deliveries: 1) }
        for chunk in messages.chunks(of: 1000) {
            _ = try await connection.query(
                "INSERT INTO sluice_queue_lease (consumer, seq, deliveries, visible_at, lease_ms) VALUES \(SQLText.rows(chunk.count, columns: 5))",
                chunk.flatMap { message -> [SQLiteData] in
                    [.text(state.name), .integer(Int(message.sequence)), .integer(1), .integer(Int(now + lease)), .integer(Int(lease))]
                }
            )
        }
        // Every message up to the last one returned was examined; when fewer than `batch` matched, all were.
        let cursor: Int64
        if messages.count == batch, let last = messages.last {
            cursor = last.sequence
        } else {
            let last = try await connection.query("SELECT coalesce(max(seq), 0) AS last FROM sluice_queue_message")
            cursor = max(state.cursor, try last.first?.int64("last") ?? 0)
        }
        if cursor != state.cursor {
            _ = try await connection.query(
                "UPDATE sluice_queue_consumer SET cursor = ? WHERE name = ?",
                [.integer(Int(cursor)), .text(state.name)]
            )
            _ = try await connection.query(QueueSchema.deleteConsumedMessages)
        }
        return messages
    }
}

extension QueueMessage {
    /// A delivered message from a row with the message's columns.
    init(row: SQLiteRow, consumer: String, deliveries: Int) throws {
        self.init(
            subject: try row.string("subject"),
            payload: try row.bytes("payload"),
            headers: QueueHeaders.decode(try row.optionalString("headers")),
            messageID: try row.optionalString("message_id"),
            publishedAt: Date(millisecondsSince1970: try row.int64("published_at")),
            receipt: QueueReceipt(consumer: consumer, sequence: try row.int64("seq"), deliveryCount: deliveries)
        )
    }
}
