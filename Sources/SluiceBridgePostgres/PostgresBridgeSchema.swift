import Logging
import PostgresNIO

/// The bridge's tables in PostgreSQL: `jetstream_outbox_events`, `jetstream_inbox_events`, their indexes, the
/// `NOTIFY` trigger the relay listens to, and `jetstream_bridge_schema_migrations`, which records the versions applied.
///
/// ``migrate(_:logger:)`` applies the versions a database lacks, in one transaction under an advisory lock, so
/// running it again, or from several processes at once, is harmless. ``script`` is the same SQL as one text, every
/// statement idempotent (`IF NOT EXISTS`, `CREATE OR REPLACE`), for teams that run their own migration tool.
public enum PostgresBridgeSchema {
    /// The channel the trigger notifies on every insert into the outbox.
    public static let notifyChannel = "jetstream_outbox"

    /// The versions, oldest first: each a list of statements.
    static let versions: [(version: Int, statements: [String])] = [(1, version1)]

    /// The newest version.
    public static var latestVersion: Int { versions.last?.version ?? 0 }

    /// Every statement of every version, and the bookkeeping, as one script.
    public static var script: String {
        var lines = ["-- JetStream bridge tables for PostgreSQL, schema version \(latestVersion).", "BEGIN;", migrationsTable + ";"]
        for (version, statements) in versions {
            lines.append("-- version \(version)")
            lines += statements.map { $0 + ";" }
            lines.append("INSERT INTO jetstream_bridge_schema_migrations (version) VALUES (\(version)) ON CONFLICT (version) DO NOTHING;")
        }
        lines.append("COMMIT;")
        return lines.joined(separator: "\n\n") + "\n"
    }

    /// Applies the versions the database lacks.
    /// - Returns: The versions applied now (empty when it was up to date).
    @discardableResult
    public static func migrate(_ client: PostgresClient, logger: Logger = Logger(label: "sluice.migrate")) async throws -> [Int] {
        try await client.withTransaction(logger: logger) { connection in
            // One migrator at a time; the others wait, then find nothing to do.
            try await connection.query("SELECT pg_advisory_xact_lock(7301955121)", logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: migrationsTable), logger: logger)
            var applied: Set<Int> = []
            for try await version in try await connection.query("SELECT version FROM jetstream_bridge_schema_migrations", logger: logger).decode(
                Int.self
            ) {
                applied.insert(version)
            }
            var now: [Int] = []
            for (version, statements) in versions where !applied.contains(version) {
                for statement in statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO jetstream_bridge_schema_migrations (version) VALUES (\(version))", logger: logger)
                now.append(version)
            }
            return now
        }
    }

    static let migrationsTable = """
        CREATE TABLE IF NOT EXISTS jetstream_bridge_schema_migrations (
          version INTEGER PRIMARY KEY,
          applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )
        """

    static let version1: [String] = [
        // A ULID in SQL, so that applications writing rows by hand need not make event ids.
        """
        CREATE OR REPLACE FUNCTION jetstream_bridge_ulid() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
        DECLARE
          alphabet CONSTANT text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
          ms bigint := floor(extract(epoch FROM clock_timestamp()) * 1000);
          random bytea := substring(uuid_send(gen_random_uuid()) FROM 1 FOR 10);
          chunk bigint;
          result text := '';
        BEGIN
          FOR i IN REVERSE 9..0 LOOP
            result := result || substr(alphabet, ((ms >> (5 * i)) & 31)::int + 1, 1);
          END LOOP;
          FOR g IN 0..1 LOOP
            chunk := 0;
            FOR j IN 0..4 LOOP
              chunk := (chunk << 8) | get_byte(random, g * 5 + j);
            END LOOP;
            FOR i IN REVERSE 7..0 LOOP
              result := result || substr(alphabet, ((chunk >> (5 * i)) & 31)::int + 1, 1);
            END LOOP;
          END LOOP;
          RETURN result;
        END
        $$
        """,
        """
        CREATE TABLE IF NOT EXISTS jetstream_outbox_events (
          id BIGSERIAL PRIMARY KEY,
          event_id TEXT NOT NULL DEFAULT jetstream_bridge_ulid(),
          resource_type TEXT NOT NULL,
          resource_id TEXT NOT NULL,
          event_type TEXT NOT NULL,
          payload JSONB NOT NULL DEFAULT '{}',
          trace_id TEXT,
          occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
          published_at TIMESTAMPTZ,
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
          created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
          updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
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
          id BIGSERIAL PRIMARY KEY,
          event_id TEXT NOT NULL,
          subject TEXT NOT NULL,
          processed_at TIMESTAMPTZ,
          error TEXT,
          created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
          updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )
        """,
        "CREATE UNIQUE INDEX IF NOT EXISTS index_jetstream_inbox_events_on_event_id ON jetstream_inbox_events (event_id)",
        """
        CREATE OR REPLACE FUNCTION jetstream_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('\(notifyChannel)', '');
          RETURN NULL;
        END
        $$
        """,
        "DROP TRIGGER IF EXISTS jetstream_outbox_notify ON jetstream_outbox_events",
        """
        CREATE TRIGGER jetstream_outbox_notify AFTER INSERT ON jetstream_outbox_events
          FOR EACH STATEMENT EXECUTE FUNCTION jetstream_outbox_notify()
        """,
    ]
}
