import SQLiteNIO

extension SQLiteQueue {
    /// Stores one message; see ``publish(_:)``.
    @discardableResult
    public func publish(
        subject: String,
        payload: ByteBuffer,
        headers: [String: String] = [:],
        messageID: String? = nil
    )
        async throws -> QueuePublishAck
    {
        let message = QueueOutgoingMessage(subject: subject, payload: payload, headers: headers, messageID: messageID)
        return try await publish([message])[0]
    }

    /// Stores messages in one transaction, in order, and wakes fetches waiting for them.
    ///
    /// A message whose id was published on its subject within ``Configuration/duplicateWindow`` (or earlier in
    /// the same batch) is not stored; its acknowledgement says ``QueuePublishAck/duplicate`` and gives the sequence
    /// of the original.
    /// - Returns: One acknowledgement per message, in order.
    /// - Throws: ``SluiceSQLiteError/Code/invalidArgument`` for a subject with wildcards or an invalid header,
    ///   before anything is stored.
    @discardableResult
    public func publish(_ messages: [QueueOutgoingMessage]) async throws -> [QueuePublishAck] {
        for message in messages {
            try SubjectFilter.validate(subject: message.subject)
            try QueueHeaders.validate(message.headers)
        }
        if messages.isEmpty { return [] }
        let now = nowMilliseconds
        let windowStart = now - configuration.duplicateWindow.milliseconds
        let purgeExpiredIDs = lastDedupePurge.withLock { last in
            guard now - last >= 1000 else { return false }
            last = now
            return true
        }
        let acks = try await file.write { connection in
            if purgeExpiredIDs {
                _ = try await connection.query("DELETE FROM sluice_queue_recent_id WHERE published_at <= ?", [.integer(Int(windowStart))])
            }
            let known = try await Self.recentSequences(of: messages.compactMap(DeduplicationKey.init), since: windowStart, on: connection)
            let plan = PublishPlan(messages, known: known)
            let sequences = try await Self.insert(plan.stored.map { messages[$0] }, at: now, on: connection)
            let acks = plan.acknowledgements(storedSequences: sequences)
            let remembered = plan.stored.indices.compactMap { position -> (DeduplicationKey, Int64)? in
                DeduplicationKey(messages[plan.stored[position]]).map { ($0, sequences[position]) }
            }
            try await Self.remember(remembered, at: now, on: connection)
            return acks
        }
        wakeup.signal()
        return acks
    }

    /// The sequences of the ids published on their subjects after `windowStart`.
    private static func recentSequences(
        of keys: [DeduplicationKey],
        since windowStart: Int64,
        on connection: SQLiteConnection
    ) async throws -> [DeduplicationKey: Int64] {
        var sequences: [DeduplicationKey: Int64] = [:]
        for chunk in keys.chunks(of: 400) {
            let rows = try await connection.query(
                """
                SELECT subject, message_id, seq FROM sluice_queue_recent_id
                WHERE published_at > ? AND (subject, message_id) IN (VALUES \(SQLText.rows(chunk.count, columns: 2)))
                """,
                [.integer(Int(windowStart))] + chunk.flatMap { [.text($0.subject), .text($0.messageID)] }
            )
            for row in rows {
                sequences[DeduplicationKey(subject: try row.string("subject"), messageID: try row.string("message_id"))] = try row.int64("seq")
            }
        }
        return sequences
    }

    /// Inserts the messages in order and returns their sequences, in the same order.
    private static func insert(_ messages: [QueueOutgoingMessage], at now: Int64, on connection: SQLiteConnection) async throws -> [Int64] {
        var sequences: [Int64] = []
        sequences.reserveCapacity(messages.count)
        for chunk in messages.chunks(of: 1000) {
            var binds: [SQLiteData] = []
            binds.reserveCapacity(chunk.count * 5)
            for message in chunk {
                binds.append(.text(message.subject))
                binds.append(.blob(message.payload))
                binds.append(QueueHeaders.encode(message.headers).map { .text($0) } ?? .null)
                binds.append(message.messageID.map { .text($0) } ?? .null)
                binds.append(.integer(Int(now)))
            }
            // One statement inserts its rows in order under consecutive sequences.
            let rows = try await connection.query(
                """
                INSERT INTO sluice_queue_message (subject, payload, headers, message_id, published_at)
                VALUES \(SQLText.rows(chunk.count, columns: 5)) RETURNING seq
                """,
                binds
            )
            sequences += try rows.map { try $0.int64("seq") }.sorted()
        }
        return sequences
    }

    /// Records message ids for deduplication.
    private static func remember(_ keys: [(DeduplicationKey, Int64)], at now: Int64, on connection: SQLiteConnection) async throws {
        for chunk in keys.chunks(of: 1000) {
            _ = try await connection.query(
                """
                INSERT INTO sluice_queue_recent_id (subject, message_id, seq, published_at) VALUES \(SQLText.rows(chunk.count, columns: 4))
                ON CONFLICT (subject, message_id) DO UPDATE SET seq = excluded.seq, published_at = excluded.published_at
                """,
                chunk.flatMap { key, sequence in [.text(key.subject), .text(key.messageID), .integer(Int(sequence)), .integer(Int(now))] }
            )
        }
    }
}
