import FoundationEssentials
import SQLiteNIO

extension SQLiteQueue {
    /// Dead letters in the order they arrived, a page at a time.
    ///
    /// - Parameters:
    ///   - selection: Which dead letters.
    ///   - limit: The most to return, at least 1.
    ///   - afterID: Only those with a larger ``QueueDeadLetter/id``: pass the last id of the previous page.
    public func deadLetters(_ selection: DeadLetterSelection = .all, limit: Int = 100, afterID: Int64 = 0) async throws -> [QueueDeadLetter] {
        guard limit >= 1 else { throw SluiceSQLiteError(.invalidArgument, "limit must be at least 1, not \(limit)") }
        let (condition, binds) = Self.condition(selection)
        return try await file.read { connection in
            try await connection.query(
                """
                SELECT id, consumer, seq, subject, payload, headers, message_id, published_at, deliveries, reason, failed_at
                FROM sluice_queue_dead_letter WHERE id > ? AND \(condition) ORDER BY id LIMIT ?
                """,
                [.integer(Int(afterID))] + binds + [.integer(limit)]
            ).map(QueueDeadLetter.init(row:))
        }
    }

    /// Dead letters newest first, a page at a time.
    ///
    /// - Parameters:
    ///   - selection: Which dead letters.
    ///   - limit: The most to return, at least 1.
    ///   - beforeID: Only those with a smaller ``QueueDeadLetter/id``: pass the last id of the previous page; `nil`
    ///     for the newest.
    public func newestDeadLetters(_ selection: DeadLetterSelection = .all, limit: Int = 100, beforeID: Int64? = nil) async throws -> [QueueDeadLetter]
    {
        guard limit >= 1 else { throw SluiceSQLiteError(.invalidArgument, "limit must be at least 1, not \(limit)") }
        let (condition, binds) = Self.condition(selection)
        return try await file.read { connection in
            try await connection.query(
                """
                SELECT id, consumer, seq, subject, payload, headers, message_id, published_at, deliveries, reason, failed_at
                FROM sluice_queue_dead_letter WHERE id < ? AND \(condition) ORDER BY id DESC LIMIT ?
                """,
                [.integer(Int(beforeID ?? .max))] + binds + [.integer(limit)]
            ).map(QueueDeadLetter.init(row:))
        }
    }

    /// How many dead letters there are.
    public func deadLetterCount(_ selection: DeadLetterSelection = .all) async throws -> Int {
        let (condition, binds) = Self.condition(selection)
        return try await file.read { connection in
            let rows = try await connection.query("SELECT count(*) AS n FROM sluice_queue_dead_letter WHERE \(condition)", binds)
            return Int(try rows.first?.int64("n") ?? 0)
        }
    }

    /// Puts dead letters back: each is published again, for the consumer that gave up on it only, as a new
    /// message (a new sequence, delivery count starting over), and leaves the dead letters.
    ///
    /// Dead letters of consumers that no longer exist stay where they are.
    /// - Returns: How many were replayed.
    @discardableResult
    public func replayDeadLetters(_ selection: DeadLetterSelection) async throws -> Int {
        let (condition, binds) = Self.condition(selection)
        let now = nowMilliseconds
        let replayed = try await file.write { connection in
            let existing = "consumer IN (SELECT name FROM sluice_queue_consumer) AND \(condition)"
            _ = try await connection.query(
                """
                INSERT INTO sluice_queue_message (subject, payload, headers, message_id, published_at, target)
                SELECT subject, payload, headers, message_id, ?, consumer FROM sluice_queue_dead_letter
                WHERE \(existing) ORDER BY id
                """,
                [.integer(Int(now))] + binds
            )
            return try await connection.query("DELETE FROM sluice_queue_dead_letter WHERE \(existing) RETURNING id", binds).count
        }
        if replayed > 0 { wakeup.signal() }
        return replayed
    }

    /// Deletes dead letters for good.
    /// - Returns: How many were deleted.
    @discardableResult
    public func purgeDeadLetters(_ selection: DeadLetterSelection) async throws -> Int {
        let (condition, binds) = Self.condition(selection)
        return try await file.write { connection in
            try await connection.query("DELETE FROM sluice_queue_dead_letter WHERE \(condition) RETURNING id", binds).count
        }
    }

    /// Deletes these dead letters for good.
    /// - Returns: The ids it deleted: those another call deleted first are not among them.
    @discardableResult
    public func deleteDeadLetters(ids: [Int64]) async throws -> [Int64] {
        let (condition, binds) = Self.condition(.ids(ids))
        return try await file.write { connection in
            try await connection.query("DELETE FROM sluice_queue_dead_letter WHERE \(condition) RETURNING id", binds).map { try $0.int64("id") }
        }
    }

    /// The SQL condition and its parameters for a selection.
    private static func condition(_ selection: DeadLetterSelection) -> (String, [SQLiteData]) {
        switch selection {
        case .all: ("1", [])
        case .consumer(let name): ("consumer = ?", [.text(name)])
        case .consumerSuffix(let suffix): ("substr(consumer, -?) = ?", [.integer(suffix.unicodeScalars.count), .text(suffix)])
        case .ids(let ids) where ids.isEmpty: ("0", [])
        case .ids(let ids): ("id IN (\(SQLText.placeholders(ids.count)))", ids.map { .integer(Int($0)) })
        }
    }
}

extension QueueDeadLetter {
    /// A dead letter from a row of its table.
    init(row: SQLiteRow) throws {
        self.init(
            id: try row.int64("id"),
            consumer: try row.string("consumer"),
            sequence: try row.int64("seq"),
            subject: try row.string("subject"),
            payload: try row.bytes("payload"),
            headers: QueueHeaders.decode(try row.optionalString("headers")),
            messageID: try row.optionalString("message_id"),
            publishedAt: Date(millisecondsSince1970: try row.int64("published_at")),
            deliveryCount: Int(try row.int64("deliveries")),
            reason: try row.string("reason"),
            failedAt: Date(millisecondsSince1970: try row.int64("failed_at"))
        )
    }
}
