import SQLiteNIO

/// The queue's tables. Times are milliseconds since 1970; spans are milliseconds.
enum QueueSchema {
    static let statements = [
        // The stream: every published message, in order. `target` names the only consumer a replayed
        // dead letter is for; NULL means every consumer whose filter matches.
        """
        CREATE TABLE IF NOT EXISTS sluice_queue_message (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            subject TEXT NOT NULL,
            payload BLOB,
            headers TEXT,
            message_id TEXT,
            published_at INTEGER NOT NULL,
            target TEXT
        )
        """,
        // Message ids seen within the duplicate window, per subject: each subject is a queue of its own.
        """
        CREATE TABLE IF NOT EXISTS sluice_queue_recent_id (
            subject TEXT NOT NULL,
            message_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            published_at INTEGER NOT NULL,
            PRIMARY KEY (subject, message_id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX IF NOT EXISTS sluice_queue_recent_id_age ON sluice_queue_recent_id (published_at)",
        // Consumers; `cursor` is the last sequence examined for new deliveries.
        """
        CREATE TABLE IF NOT EXISTS sluice_queue_consumer (
            name TEXT PRIMARY KEY,
            filter TEXT NOT NULL,
            max_deliver INTEGER,
            ack_wait_ms INTEGER NOT NULL,
            cursor INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
        // Delivered, unsettled messages: leased until `visible_at`, then due for redelivery.
        """
        CREATE TABLE IF NOT EXISTS sluice_queue_lease (
            consumer TEXT NOT NULL,
            seq INTEGER NOT NULL,
            deliveries INTEGER NOT NULL,
            visible_at INTEGER NOT NULL,
            lease_ms INTEGER NOT NULL,
            last_error TEXT,
            PRIMARY KEY (consumer, seq)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX IF NOT EXISTS sluice_queue_lease_due ON sluice_queue_lease (consumer, visible_at)",
        """
        CREATE TABLE IF NOT EXISTS sluice_queue_dead_letter (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            consumer TEXT NOT NULL,
            seq INTEGER NOT NULL,
            subject TEXT NOT NULL,
            payload BLOB,
            headers TEXT,
            message_id TEXT,
            published_at INTEGER NOT NULL,
            deliveries INTEGER NOT NULL,
            reason TEXT NOT NULL,
            failed_at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX IF NOT EXISTS sluice_queue_dead_letter_consumer ON sluice_queue_dead_letter (consumer, id)",
        // Named claims that the processes sharing the file take for a while, such as the replay of a DLQ.
        """
        CREATE TABLE IF NOT EXISTS sluice_queue_claim (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            expires_at INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
    ]

    /// Moves the ids of the file-wide deduplication table of earlier versions into ``statements``' table, under the
    /// subject of the message they name (ids of messages already deleted are forgotten: they were settled), and
    /// drops the old table. Runs on every open; does nothing once the old table is gone.
    static func migrate(on connection: SQLiteConnection) async throws {
        let old = try await connection.query("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'sluice_queue_dedupe'")
        if old.isEmpty { return }
        _ = try await connection.query(
            """
            INSERT OR IGNORE INTO sluice_queue_recent_id (subject, message_id, seq, published_at)
            SELECT m.subject, d.message_id, d.seq, d.published_at FROM sluice_queue_dedupe d JOIN sluice_queue_message m ON m.seq = d.seq
            """
        )
        _ = try await connection.query("DROP TABLE sluice_queue_dedupe")
    }

    /// Deletes messages every consumer is done with: below each consumer's oldest unsettled lease, or
    /// past its cursor when it has none. With no consumer, nothing is deleted.
    static let deleteConsumedMessages = """
        DELETE FROM sluice_queue_message WHERE seq < (
            SELECT min(coalesce(
                (SELECT min(l.seq) FROM sluice_queue_lease l WHERE l.consumer = c.name),
                c.cursor + 1))
            FROM sluice_queue_consumer c)
        """

    /// The SQL function that tells whether a subject matches a filter: `sluice_subject_matches(filter, subject)`.
    static let matchFunctionName = "sluice_subject_matches"
}
