import SQLiteNIO

extension SQLiteQueue {
    /// Creates a consumer, or updates the filter and limits of an existing one (keeping its position and
    /// its unsettled messages; a changed filter applies to messages it has not examined yet).
    public func addConsumer(_ consumer: QueueConsumerConfiguration) async throws {
        try consumer.validate()
        try await file.write { connection in
            let start: Int64
            switch consumer.startPosition {
            case .all: start = 0
            case .new:
                let rows = try await connection.query("SELECT coalesce(max(seq), 0) AS last FROM sluice_queue_message")
                start = try rows.first?.int64("last") ?? 0
            }
            _ = try await connection.query(
                """
                INSERT INTO sluice_queue_consumer (name, filter, max_deliver, ack_wait_ms, cursor) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET
                    filter = excluded.filter, max_deliver = excluded.max_deliver, ack_wait_ms = excluded.ack_wait_ms
                """,
                [
                    .text(consumer.name), .text(consumer.filterSubject), consumer.maxDeliver.map { .integer($0) } ?? .null,
                    .integer(Int(consumer.ackWait.milliseconds)), .integer(Int(start)),
                ]
            )
        }
    }

    /// Deletes a consumer and its unsettled messages; its dead letters stay until purged.
    /// - Returns: `false` when there was no such consumer.
    @discardableResult
    public func deleteConsumer(named name: String) async throws -> Bool {
        try await file.write { connection in
            let deleted = try await connection.query("DELETE FROM sluice_queue_consumer WHERE name = ? RETURNING name", [.text(name)])
            _ = try await connection.query("DELETE FROM sluice_queue_lease WHERE consumer = ?", [.text(name)])
            _ = try await connection.query(QueueSchema.deleteConsumedMessages)
            return !deleted.isEmpty
        }
    }

    /// The consumers, by name. Their ``QueueConsumerConfiguration/startPosition`` reads `.all`: it only
    /// mattered when they were created.
    public func consumers() async throws -> [QueueConsumerConfiguration] {
        try await file.read { connection in
            try await connection.query("SELECT name, filter, max_deliver, ack_wait_ms FROM sluice_queue_consumer ORDER BY name")
                .map { row in
                    var consumer = QueueConsumerConfiguration(name: try row.string("name"), filterSubject: try row.string("filter"))
                    consumer.maxDeliver = row.column("max_deliver")?.integer.map { Int($0) }
                    consumer.ackWait = .milliseconds(try row.int64("ack_wait_ms"))
                    return consumer
                }
        }
    }

    /// How far `consumer` is behind: messages not yet delivered, delivered but unsettled, and dead letters.
    ///
    /// Counting the undelivered messages reads those past the consumer's position, so it costs time in
    /// proportion to the backlog.
    public func pending(consumer: String) async throws -> QueueConsumerLag {
        try await file.read { connection in
            let state = try await ConsumerState.load(consumer, on: connection)
            let pending = try await connection.query(
                """
                SELECT count(*) AS n FROM sluice_queue_message
                WHERE seq > ? AND (target IS NULL OR target = ?) AND (? = '>' OR \(QueueSchema.matchFunctionName)(?, subject))
                """,
                [.integer(Int(state.cursor)), .text(consumer), .text(state.filter.text), .text(state.filter.text)]
            )
            let leased = try await connection.query("SELECT count(*) AS n FROM sluice_queue_lease WHERE consumer = ?", [.text(consumer)])
            let dead = try await connection.query("SELECT count(*) AS n FROM sluice_queue_dead_letter WHERE consumer = ?", [.text(consumer)])
            return QueueConsumerLag(
                pending: Int(try pending.first?.int64("n") ?? 0),
                ackPending: Int(try leased.first?.int64("n") ?? 0),
                deadLetters: Int(try dead.first?.int64("n") ?? 0)
            )
        }
    }
}
