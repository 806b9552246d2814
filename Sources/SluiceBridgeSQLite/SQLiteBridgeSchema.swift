import SQLiteNIO
import SluiceSQLite

/// The bridge's tables in SQLite: `jetstream_outbox_events` and `jetstream_inbox_events` with the same columns as in
/// PostgreSQL (times as UTC text, `2026-01-31T12:00:00.000Z`), their indexes, and
/// `jetstream_bridge_schema_migrations`, which records the versions applied.
///
/// ``migrate(_:)`` applies the versions a file lacks in one `BEGIN IMMEDIATE` transaction, so running it again, or
/// from several processes at once, is harmless. ``script`` is the same SQL as one text, every statement idempotent.
///
/// SQLite cannot make a ULID in SQL, so `event_id` may be left empty by an application writing rows by hand: the
/// relay gives such a row its ULID when it first claims it, and keeps it for every retry.
public enum SQLiteBridgeSchema {
    /// The versions, oldest first: each a list of statements.
    static let versions: [(version: Int, statements: [String])] = [(1, version1)]

    /// The newest version.
    public static var latestVersion: Int { versions.last?.version ?? 0 }

    /// Every statement of every version, and the bookkeeping, as one script.
    public static var script: String {
        var lines = ["-- JetStream bridge tables for SQLite, schema version \(latestVersion).", "BEGIN;", migrationsTable + ";"]
        for (version, statements) in versions {
            lines.append("-- version \(version)")
            lines += statements.map { $0 + ";" }
            lines.append("INSERT OR IGNORE INTO jetstream_bridge_schema_migrations (version) VALUES (\(version));")
        }
        lines.append("COMMIT;")
        return lines.joined(separator: "\n\n") + "\n"
    }

    /// Applies the versions the file lacks.
    /// - Returns: The versions applied now (empty when it was up to date).
    @discardableResult
    public static func migrate(_ connection: SQLiteConnection) async throws -> [Int] {
        try await connection.runToCompletion("BEGIN IMMEDIATE")
        do {
            _ = try await connection.query(migrationsTable)
            let applied = Set(
                try await connection.query("SELECT version FROM jetstream_bridge_schema_migrations").compactMap { $0.column("version")?.integer }
            )
            var now: [Int] = []
            for (version, statements) in versions where !applied.contains(version) {
                for statement in statements { _ = try await connection.query(statement) }
                _ = try await connection.query("INSERT INTO jetstream_bridge_schema_migrations (version) VALUES (?)", [.integer(version)])
                now.append(version)
            }
            try await connection.runToCompletion("COMMIT")
            return now
        } catch {
            try? await connection.runToCompletion("ROLLBACK")
            throw error
        }
    }

    /// The current time as the tables keep it.
    static let now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

    static let migrationsTable = """
        CREATE TABLE IF NOT EXISTS jetstream_bridge_schema_migrations (
          version INTEGER PRIMARY KEY,
          applied_at TEXT NOT NULL DEFAULT (\(now))
        )
        """

    static let version1: [String] = [
        """
        CREATE TABLE IF NOT EXISTS jetstream_outbox_events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          event_id TEXT,
          resource_type TEXT NOT NULL,
          resource_id TEXT NOT NULL,
          event_type TEXT NOT NULL,
          payload TEXT NOT NULL DEFAULT '{}',
          trace_id TEXT,
          occurred_at TEXT NOT NULL DEFAULT (\(now)),
          published_at TEXT,
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          next_attempt_at TEXT NOT NULL DEFAULT (\(now)),
          claimed_until TEXT,
          created_at TEXT NOT NULL DEFAULT (\(now)),
          updated_at TEXT NOT NULL DEFAULT (\(now))
        )
        """,
        "CREATE UNIQUE INDEX IF NOT EXISTS index_jetstream_outbox_events_on_event_id ON jetstream_outbox_events (event_id)",
        """
        CREATE INDEX IF NOT EXISTS index_jetstream_outbox_events_on_resource_type_and_resource_id
          ON jetstream_outbox_events (resource_type, resource_id)
        """,
        "CREATE INDEX IF NOT EXISTS index_jetstream_outbox_events_unpublished ON jetstream_outbox_events (id) WHERE published_at IS NULL",
        "CREATE INDEX IF NOT EXISTS index_jetstream_outbox_events_on_published_at ON jetstream_outbox_events (published_at) WHERE published_at IS NOT NULL",
        """
        CREATE TABLE IF NOT EXISTS jetstream_inbox_events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          event_id TEXT NOT NULL,
          subject TEXT NOT NULL,
          processed_at TEXT,
          error TEXT,
          created_at TEXT NOT NULL DEFAULT (\(now)),
          updated_at TEXT NOT NULL DEFAULT (\(now))
        )
        """,
        "CREATE UNIQUE INDEX IF NOT EXISTS index_jetstream_inbox_events_on_event_id ON jetstream_inbox_events (event_id)",
    ]
}

extension Duration {
    /// This span as a modifier of SQLite's `strftime`: `+1.5 seconds`, or `-1.5 seconds` for a time before.
    func sqliteModifier(before: Bool = false) -> String {
        "\(before ? "-" : "+")\(Double(milliseconds) / 1000) seconds"
    }
}
