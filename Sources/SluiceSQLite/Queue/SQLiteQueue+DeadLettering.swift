import SQLiteNIO

/// Why a message moves to the dead letters; becomes ``QueueDeadLetter/reason``.
enum DeadLetterReason {
    /// The consumer terminated it.
    case terminated(String)
    /// It had its last delivery; `explicit` is the reason given with the final nak, if any.
    case maxDeliverReached(Int, explicit: String?)

    /// The text before the specific reason.
    var prefix: String {
        switch self {
        case .terminated: "terminated: "
        case .maxDeliverReached(let limit, _): "max deliver (\(limit)) reached: "
        }
    }

    /// The reason given with this operation; `nil` to use the last nak reason stored with the lease.
    var explicit: String? {
        switch self {
        case .terminated(let reason): reason
        case .maxDeliverReached(_, let explicit): explicit
        }
    }
}

extension SQLiteQueue {
    /// The text when no reason was given at all.
    private static let noReasonGiven = "not acknowledged"

    /// Moves the consumer's leases of `sequences` (with copies of their messages) to the dead letters.
    static func deadLetter(
        _ sequences: [Int64],
        of consumer: String,
        reason: DeadLetterReason,
        now: Int64,
        on connection: SQLiteConnection
    ) async throws {
        for chunk in sequences.chunks(of: 500) {
            let list = SQLText.placeholders(chunk.count)
            let keys = [SQLiteData.text(consumer)] + chunk.map { .integer(Int($0)) }
            _ = try await connection.query(
                """
                INSERT INTO sluice_queue_dead_letter
                    (consumer, seq, subject, payload, headers, message_id, published_at, deliveries, reason, failed_at)
                SELECT l.consumer, m.seq, m.subject, m.payload, m.headers, m.message_id, m.published_at, l.deliveries,
                    ? || coalesce(?, l.last_error, ?), ?
                FROM sluice_queue_lease l JOIN sluice_queue_message m ON m.seq = l.seq
                WHERE l.consumer = ? AND l.seq IN (\(list))
                ORDER BY l.seq
                """,
                [.text(reason.prefix), reason.explicit.map { .text($0) } ?? .null, .text(noReasonGiven), .integer(Int(now))] + keys
            )
            _ = try await connection.query("DELETE FROM sluice_queue_lease WHERE consumer = ? AND seq IN (\(list))", keys)
        }
    }
}
