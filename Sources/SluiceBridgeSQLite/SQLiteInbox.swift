import SQLiteNIO
import SluiceBridge

/// The inbox table `jetstream_inbox_events` in SQLite.
///
/// Each event is handled in one `BEGIN IMMEDIATE` transaction that claims its id (an insert that does nothing when the
/// id is already processed), runs the handler on the same connection, and commits both. An id already processed is
/// a duplicate: nothing runs. A failed handler's error is kept in the row's `error` column, with `processed_at` still
/// empty, so the next delivery runs it again. SQLite writes one transaction at a time, so handlers of one process run
/// their transactions one after another.
public struct SQLiteInbox: BridgeInbox {
    /// The handler's writes go through this connection, inside the inbox's open transaction.
    public typealias Transaction = SQLiteConnection

    /// The file.
    public let database: SQLiteBridgeDatabase

    /// An inbox on an open file.
    public init(database: SQLiteBridgeDatabase) {
        self.database = database
    }

    public func process(_ message: BridgeMessage, _ handler: @escaping @Sendable (SQLiteConnection) async throws -> Void) async throws -> InboxOutcome
    {
        let eventID = message.event.eventID
        do {
            return try await database.withTransaction { connection in
                let claimed = try await connection.query(
                    """
                    INSERT INTO jetstream_inbox_events (event_id, subject, processed_at) VALUES (?, ?, \(SQLiteBridgeSchema.now))
                    ON CONFLICT (event_id) DO UPDATE SET processed_at = excluded.processed_at, error = NULL, updated_at = \(SQLiteBridgeSchema.now)
                    WHERE jetstream_inbox_events.processed_at IS NULL
                    RETURNING id
                    """,
                    [.text(eventID), .text(message.subject)]
                )
                guard !claimed.isEmpty else { return .duplicate }
                try await handler(connection)
                return .handled
            }
        } catch {
            await recordFailure(eventID: eventID, subject: message.subject, error: error)
            throw error
        }
    }

    /// Keeps the error of a failed handler in the inbox row (best effort: the event is retried either way).
    private func recordFailure(eventID: String, subject: String, error: any Error) async {
        let text = String("\(error)".prefix(4000))
        _ = try? await database.withTransaction { connection in
            try await connection.query(
                """
                INSERT INTO jetstream_inbox_events (event_id, subject, error) VALUES (?, ?, ?)
                ON CONFLICT (event_id) DO UPDATE SET error = excluded.error, updated_at = \(SQLiteBridgeSchema.now)
                WHERE jetstream_inbox_events.processed_at IS NULL
                """,
                [.text(eventID), .text(subject), .text(text)]
            )
        }
    }
}
