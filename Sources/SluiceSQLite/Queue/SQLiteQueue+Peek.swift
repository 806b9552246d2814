import SQLiteNIO

extension SQLiteQueue {
    /// Up to `limit` messages that `consumer` has not settled, in sequence order, read without leasing them:
    /// nothing changes, their delivery counts stay as they are and other fetches still get them.
    ///
    /// Each message's ``QueueMessage/deliveryCount`` is how many times it was delivered so far (0 for one not
    /// yet delivered); its receipt cannot settle it.
    /// - Throws: ``SluiceSQLiteError/Code/consumerNotFound``, ``SluiceSQLiteError/Code/invalidArgument``.
    public func peek(consumer: String, limit: Int) async throws -> [QueueMessage] {
        guard limit >= 1 else { throw SluiceSQLiteError(.invalidArgument, "limit must be at least 1, not \(limit)") }
        return try await file.read { connection in
            let state = try await ConsumerState.load(consumer, on: connection)
            // Unsettled means leased (delivered, not yet acknowledged) or past the cursor, matching and not yet examined.
            let rows = try await connection.query(
                """
                SELECT m.seq, m.subject, m.payload, m.headers, m.message_id, m.published_at, coalesce(l.deliveries, 0) AS deliveries
                FROM sluice_queue_message m LEFT JOIN sluice_queue_lease l ON l.consumer = ? AND l.seq = m.seq
                WHERE l.seq IS NOT NULL OR (
                    m.seq > ? AND (m.target IS NULL OR m.target = ?) AND (? = '>' OR \(QueueSchema.matchFunctionName)(?, m.subject)))
                ORDER BY m.seq LIMIT ?
                """,
                [
                    .text(state.name), .integer(Int(state.cursor)), .text(state.name), .text(state.filter.text), .text(state.filter.text),
                    .integer(limit),
                ]
            )
            return try rows.map { try QueueMessage(row: $0, consumer: state.name, deliveries: Int(try $0.int64("deliveries"))) }
        }
    }
}
