import FoundationEssentials
import SQLiteNIO
import SluiceBridge
import SluiceCore

/// The outbox table `jetstream_outbox_events` in SQLite, for ``SluiceBridge/OutboxRelay``.
///
/// SQLite has no `SKIP LOCKED`, so a claim is a lease: one short `BEGIN IMMEDIATE` transaction picks due rows no
/// other relay holds, gives each an `event_id` if it has none, and sets `claimed_until`; the batch is published
/// outside any transaction (the application keeps writing meanwhile); a second short transaction marks the rows
/// published, or counts the failure and schedules the next attempt, and ends the lease. Relays side by side never
/// hold the same row while its lease runs; a relay that dies holding rows leaves them to the others once the lease
/// ends, and a row published just before the crash is then published again with the same `Nats-Msg-Id`, which the
/// stream's duplicate window drops.
public struct SQLiteOutboxStore: OutboxStore {
    /// The file.
    public let database: SQLiteBridgeDatabase
    /// How long a claim holds its rows; longer than a batch can take to publish. Default 60 seconds.
    public var lease: Duration

    /// A store on an open file.
    public init(database: SQLiteBridgeDatabase, lease: Duration = .seconds(60)) {
        self.database = database
        self.lease = lease
    }

    public func withClaimedBatch(
        limit: Int,
        backoff: [Duration],
        _ publish: @escaping @Sendable ([OutboxRecord]) async -> [Int64: String]
    ) async throws -> Int {
        let records = try await database.withTransaction { try await claim(limit: limit, on: $0) }
        guard !records.isEmpty else { return 0 }
        let failures = await publish(records)
        try await database.withTransaction { try await mark(records, failures: failures, backoff: backoff, on: $0) }
        return records.count
    }

    private func claim(limit: Int, on connection: SQLiteConnection) async throws -> [OutboxRecord] {
        let rows = try await connection.query(
            """
            SELECT id, event_id, resource_type, resource_id, event_type, payload, trace_id, occurred_at, attempts
            FROM jetstream_outbox_events
            WHERE published_at IS NULL AND next_attempt_at <= \(SQLiteBridgeSchema.now)
              AND (claimed_until IS NULL OR claimed_until <= \(SQLiteBridgeSchema.now))
            ORDER BY id
            LIMIT ?
            """,
            [.integer(limit)]
        )
        var records: [OutboxRecord] = []
        for row in rows {
            guard let id = row.column("id")?.integer else { continue }
            var eventID = row.column("event_id")?.string
            if eventID == nil {
                let generated = ULID.generate().description
                _ = try await connection.query("UPDATE jetstream_outbox_events SET event_id = ? WHERE id = ?", [.text(generated), .integer(id)])
                eventID = generated
            }
            let envelope = Envelope(
                eventID: eventID ?? "",
                producer: "",
                resourceType: row.column("resource_type")?.string ?? "",
                resourceID: row.column("resource_id")?.string ?? "",
                eventType: row.column("event_type")?.string ?? "",
                occurredAt: row.column("occurred_at")?.string ?? "",
                traceID: row.column("trace_id")?.string,
                version: Int64(id),
                payload: try JSONValue.parse((row.column("payload")?.string ?? "{}").utf8)
            )
            records.append(OutboxRecord(id: Int64(id), envelope: envelope, attempts: row.column("attempts")?.integer ?? 0))
        }
        if !records.isEmpty {
            _ = try await connection.query(
                """
                UPDATE jetstream_outbox_events SET claimed_until = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)
                WHERE id IN (\(records.map { String($0.id) }.joined(separator: ",")))
                """,
                [.text(lease.sqliteModifier())]
            )
        }
        return records
    }

    private func mark(_ records: [OutboxRecord], failures: [Int64: String], backoff: [Duration], on connection: SQLiteConnection) async throws {
        let published = records.map(\.id).filter { failures[$0] == nil }
        if !published.isEmpty {
            _ = try await connection.query(
                """
                UPDATE jetstream_outbox_events
                SET published_at = \(SQLiteBridgeSchema.now), updated_at = \(SQLiteBridgeSchema.now), claimed_until = NULL
                WHERE id IN (\(published.map(String.init).joined(separator: ",")))
                """
            )
        }
        let delays = backoff.isEmpty ? [Duration.zero] : backoff
        for record in records {
            guard let error = failures[record.id] else { continue }
            let delay = delays[min(record.attempts, delays.count - 1)]
            _ = try await connection.query(
                """
                UPDATE jetstream_outbox_events
                SET attempts = attempts + 1, last_error = ?, claimed_until = NULL, updated_at = \(SQLiteBridgeSchema.now),
                    next_attempt_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)
                WHERE id = ?
                """,
                [.text(String(error.prefix(4000))), .text(delay.sqliteModifier()), .integer(Int(record.id))]
            )
        }
    }

    /// SQLite has no notification: the relay polls.
    public func listen(_ wake: @escaping @Sendable () -> Void) async throws {}

    public func deletePublished(olderThan age: Duration, limit: Int) async throws -> Int {
        try await database.withTransaction { connection in
            _ = try await connection.query(
                """
                DELETE FROM jetstream_outbox_events WHERE id IN (
                  SELECT id FROM jetstream_outbox_events
                  WHERE published_at IS NOT NULL AND published_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)
                  LIMIT ?)
                """,
                [.text(age.sqliteModifier(before: true)), .integer(limit)]
            )
            return try await connection.query("SELECT changes() AS deleted").first?.column("deleted")?.integer ?? 0
        }
    }

    public func backlog() async throws -> OutboxBacklog {
        try await database.withConnection { connection in
            let row = try await connection.query(
                """
                SELECT count(*) AS depth,
                       COALESCE((julianday('now') - julianday(min(created_at))) * 86400.0, 0) AS age
                FROM jetstream_outbox_events WHERE published_at IS NULL
                """
            ).first
            let depth = row?.column("depth")?.integer ?? 0
            let age = row?.column("age")?.double ?? 0
            return OutboxBacklog(depth: depth, oldestAge: .milliseconds(Int64(max(age, 0) * 1000)))
        }
    }
}
