import Logging
import PostgresNIO
import SluiceBridge
import SluiceCore

/// The outbox table `jetstream_outbox_events` in PostgreSQL, for ``SluiceBridge/OutboxRelay``.
///
/// A claim is `SELECT … FOR UPDATE SKIP LOCKED` in a transaction that stays open while the batch is published and
/// ends with the rows marked; relays side by side, and a relay's overlapping claims, therefore never hold the same
/// row. New rows are signalled by the trigger's `NOTIFY` on ``PostgresBridgeSchema/notifyChannel``.
///
/// Every step that talks to the server (waiting for a connection, claiming, marking and committing, measuring,
/// deleting) has a deadline, ``timeout``, that ends even when the server does not answer: past it the connection is
/// closed and the step fails with ``SluiceBridge/BridgeError/Code/timedOut``, so a relay recovers from a restarted or
/// stalled server by trying again.
///
/// The client must be running (`PostgresClient.run()`) while the store is used.
public struct PostgresOutboxStore: OutboxStore {
    /// The client rows are read and written through.
    public let client: PostgresClient
    /// How long one step may wait for the server. Defaults to 10 seconds.
    public var timeout: Duration
    let logger: Logger

    /// A store on a client.
    public init(client: PostgresClient, timeout: Duration = .seconds(10), logger: Logger = Logger(label: "sluice.outbox")) {
        self.client = client
        self.timeout = timeout
        self.logger = logger
    }

    public func withClaimedBatch(
        limit: Int,
        backoff: [Duration],
        _ publish: @escaping @Sendable ([OutboxRecord]) async -> [Int64: String]
    ) async throws -> Int {
        try await PostgresWatchdog.withConnection(client, leaseTimeout: timeout) { [self] connection, watchdog in
            do {
                let records = try await watchdog.within(timeout, "to a claim") {
                    try await connection.query("BEGIN", logger: logger)
                    // The claim must walk the partial index in id order. On a table that grew at once (a burst, a
                    // backlog after an outage) the statistics lag, and the planner would otherwise read every
                    // unpublished row and sort them for each batch.
                    try await connection.query(
                        "SELECT set_config('enable_sort', 'off', true), set_config('enable_seqscan', 'off', true)",
                        logger: logger
                    )
                    return try await claim(limit: limit, on: connection)
                }
                // A claim that answered after its deadline belongs to an abandoned call: its rows are not published.
                try Task.checkCancellation()
                if !records.isEmpty {
                    let failures = await publish(records)
                    try await watchdog.within(timeout, "to marking a batch") {
                        try await mark(records, failures: failures, backoff: backoff, on: connection)
                    }
                }
                try await watchdog.within(timeout, "to a commit") { try await connection.query("COMMIT", logger: logger) }
                return records.count
            } catch {
                _ = try? await watchdog.within(timeout, "to a rollback") { try await connection.query("ROLLBACK", logger: logger) }
                throw error
            }
        }
    }

    private func claim(limit: Int, on connection: PostgresConnection) async throws -> [OutboxRecord] {
        let rows = try await connection.query(
            """
            SELECT id, event_id, resource_type, resource_id, event_type, payload::text, trace_id,
                   to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), attempts
            FROM jetstream_outbox_events
            WHERE published_at IS NULL AND next_attempt_at <= now()
            ORDER BY id
            LIMIT \(limit)
            FOR UPDATE SKIP LOCKED
            """,
            logger: logger
        )
        var records: [OutboxRecord] = []
        for try await (id, eventID, resourceType, resourceID, eventType, payload, traceID, occurredAt, attempts)
            in rows.decode((Int64, String, String, String, String, String, String?, String, Int32).self)
        {
            let envelope = Envelope(
                eventID: eventID,
                producer: "",
                resourceType: resourceType,
                resourceID: resourceID,
                eventType: eventType,
                occurredAt: occurredAt,
                traceID: traceID,
                version: id,
                payload: try JSONValue.parse(payload.utf8)
            )
            records.append(OutboxRecord(id: id, envelope: envelope, attempts: Int(attempts)))
        }
        return records
    }

    private func mark(_ records: [OutboxRecord], failures: [Int64: String], backoff: [Duration], on connection: PostgresConnection) async throws {
        let published = records.map(\.id).filter { failures[$0] == nil }
        if !published.isEmpty {
            try await connection.query(
                "UPDATE jetstream_outbox_events SET published_at = now(), updated_at = now() WHERE id = ANY(\(published))",
                logger: logger
            )
        }
        guard !failures.isEmpty else { return }
        let ids = Array(failures.keys)
        let errors = ids.map { failures[$0] ?? "" }
        let delays = (backoff.isEmpty ? [.zero] : backoff).map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
        try await connection.query(
            """
            UPDATE jetstream_outbox_events AS o
            SET attempts = o.attempts + 1,
                last_error = f.error,
                next_attempt_at = now() + make_interval(secs => (\(delays)::float8[])[LEAST(o.attempts + 1, \(delays.count))::int]),
                updated_at = now()
            FROM unnest(\(ids)::bigint[], \(errors)::text[]) AS f(id, error)
            WHERE o.id = f.id
            """,
            logger: logger
        )
    }

    public func listen(_ wake: @escaping @Sendable () -> Void) async throws {
        try await PostgresWatchdog.withConnection(client, leaseTimeout: timeout) { [timeout] connection, watchdog in
            watchdog.arm(timeout, "to LISTEN")
            try await connection.listen(on: PostgresBridgeSchema.notifyChannel) { notifications in
                watchdog.disarm()
                // Rows may have been added while nobody listened.
                wake()
                for try await _ in notifications { wake() }
            }
        }
    }

    public func deletePublished(olderThan age: Duration, limit: Int) async throws -> Int {
        let seconds = Double(age.components.seconds)
        return try await PostgresWatchdog.withConnection(client, leaseTimeout: timeout) { [self] connection, watchdog in
            try await watchdog.within(timeout, "to a retention delete") {
                var deleted = 0
                let rows = try await connection.query(
                    """
                    DELETE FROM jetstream_outbox_events WHERE id IN (
                      SELECT id FROM jetstream_outbox_events
                      WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => \(seconds))
                      LIMIT \(limit))
                    RETURNING id
                    """,
                    logger: logger
                )
                for try await _ in rows { deleted += 1 }
                return deleted
            }
        }
    }

    public func backlog() async throws -> OutboxBacklog {
        try await PostgresWatchdog.withConnection(client, leaseTimeout: timeout) { [self] connection, watchdog in
            try await watchdog.within(timeout, "to measuring the backlog") { try await backlog(on: connection) }
        }
    }

    private func backlog(on connection: PostgresConnection) async throws -> OutboxBacklog {
        let rows = try await connection.query(
            """
            SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at))::float8, 0)
            FROM jetstream_outbox_events WHERE published_at IS NULL
            """,
            logger: logger
        )
        for try await (depth, age) in rows.decode((Int64, Double).self) {
            return OutboxBacklog(depth: Int(depth), oldestAge: .milliseconds(Int64(max(age, 0) * 1000)))
        }
        return OutboxBacklog(depth: 0, oldestAge: .zero)
    }
}
