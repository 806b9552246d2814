import Logging
import PostgresNIO
import SQLiteNIO
import SluiceBridge
import SluiceBridgePostgres
import SluiceBridgeSQLite

/// The store `sluice bench outbox` measures: how it makes the relay's store and the consumer's inbox, and how rows are
/// written the way an application writes them.
protocol OutboxBenchDatabase: Sendable {
    associatedtype Store: OutboxStore
    associatedtype Inbox: BridgeInbox

    /// How often the relay looks for rows when nothing wakes it.
    var pollInterval: Duration { get }
    func store() -> Store
    func inbox() -> Inbox
    /// Writes `events` rows at once.
    func fill(_ events: Int) async throws
    /// Commits one row, in a transaction of its own.
    func insert(resourceID: String) async throws
    /// Whether a row is not yet published (one look at the head of the unpublished rows, cheap enough to ask often).
    func hasUnpublished() async throws -> Bool
}

/// The outbox in PostgreSQL.
struct PostgresBenchDatabase: OutboxBenchDatabase {
    let postgres: PostgresClient
    let logger: Logger

    /// `NOTIFY` wakes the relay; the poll is only the fallback.
    var pollInterval: Duration { .seconds(1) }
    func store() -> PostgresOutboxStore { PostgresOutboxStore(client: postgres, logger: logger) }
    func inbox() -> PostgresInbox { PostgresInbox(client: postgres, logger: logger) }

    func fill(_ events: Int) async throws {
        try await postgres.query(
            """
            INSERT INTO jetstream_outbox_events (resource_type, resource_id, event_type, payload)
            SELECT 'bench', g::text, 'created', jsonb_build_object('n', g, 'name', 'event ' || g) FROM generate_series(1, \(events)) AS g
            """,
            logger: logger
        )
    }

    func insert(resourceID: String) async throws {
        try await postgres.query(
            "INSERT INTO jetstream_outbox_events (resource_type, resource_id, event_type, payload) VALUES ('bench', \(resourceID), 'created', '{}')",
            logger: logger
        )
    }

    func hasUnpublished() async throws -> Bool {
        let rows = try await postgres.query(
            "SELECT EXISTS (SELECT 1 FROM jetstream_outbox_events WHERE published_at IS NULL ORDER BY id LIMIT 1)",
            logger: logger
        )
        for try await exists in rows.decode(Bool.self) { return exists }
        return false
    }
}

/// The outbox in an SQLite file.
struct SQLiteBenchDatabase: OutboxBenchDatabase {
    let database: SQLiteBridgeDatabase

    /// SQLite has no notification: a look every 10 ms is one indexed query.
    var pollInterval: Duration { .milliseconds(10) }
    func store() -> SQLiteOutboxStore { SQLiteOutboxStore(database: database) }
    func inbox() -> SQLiteInbox { SQLiteInbox(database: database) }

    func fill(_ events: Int) async throws {
        try await database.withTransaction { connection in
            _ = try await connection.query(
                """
                WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ?)
                INSERT INTO jetstream_outbox_events (event_id, resource_type, resource_id, event_type, payload)
                SELECT NULL, 'bench', n, 'created', json_object('n', n, 'name', 'event ' || n) FROM g
                """,
                [.integer(events)]
            )
        }
    }

    func insert(resourceID: String) async throws {
        try await database.withTransaction { connection in
            _ = try await connection.query(
                "INSERT INTO jetstream_outbox_events (resource_type, resource_id, event_type, payload) VALUES ('bench', ?, 'created', '{}')",
                [.text(resourceID)]
            )
        }
    }

    func hasUnpublished() async throws -> Bool {
        try await database.withTransaction { connection in
            try await connection.query("SELECT EXISTS (SELECT 1 FROM jetstream_outbox_events WHERE published_at IS NULL) AS pending").first?
                .column("pending")?.integer == 1
        }
    }
}
