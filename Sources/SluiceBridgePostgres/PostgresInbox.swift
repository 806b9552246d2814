import Logging
import PostgresNIO
import SluiceBridge

/// The inbox table `jetstream_inbox_events` in PostgreSQL.
///
/// Each event is handled in a transaction that first claims its id (`INSERT … ON CONFLICT (event_id) DO UPDATE …
/// WHERE processed_at IS NULL`, which waits for a concurrent claim of the same id to end), then runs the handler on
/// the same connection, and commits both. An id already processed is a duplicate: nothing runs. A failed handler's
/// error is kept in the row's `error` column, with `processed_at` still empty, so the next delivery runs it again.
///
/// The inbox's own steps (waiting for a connection, the claim, the commit) have a deadline, ``timeout``, and the
/// handler one of its own, ``handlerTimeout``; past either the connection is closed, the transaction is lost with it,
/// and the call fails with ``SluiceBridge/BridgeError/Code/timedOut``, so the consumer retries the event after its
/// backoff instead of waiting on a server that does not answer.
///
/// The client must be running (`PostgresClient.run()`) while the inbox is used.
public struct PostgresInbox: BridgeInbox {
    /// The handler's writes go through this connection, inside the inbox's open transaction.
    public typealias Transaction = PostgresConnection

    /// The client transactions are opened on.
    public let client: PostgresClient
    /// How long one of the inbox's own steps may wait for the server. Defaults to 10 seconds.
    public var timeout: Duration
    /// How long the handler may run in the open transaction. Defaults to 60 seconds.
    public var handlerTimeout: Duration
    let logger: Logger

    /// An inbox on a client.
    public init(
        client: PostgresClient,
        timeout: Duration = .seconds(10),
        handlerTimeout: Duration = .seconds(60),
        logger: Logger = Logger(label: "sluice.inbox")
    ) {
        self.client = client
        self.timeout = timeout
        self.handlerTimeout = handlerTimeout
        self.logger = logger
    }

    public func process(
        _ message: BridgeMessage,
        _ handler: @escaping @Sendable (PostgresConnection) async throws -> Void
    ) async throws -> InboxOutcome {
        let eventID = message.event.eventID
        do {
            return try await PostgresWatchdog.withConnection(client, leaseTimeout: timeout) { [self] connection, watchdog in
                do {
                    let claimed = try await watchdog.within(timeout, "to an inbox claim") {
                        try await connection.query("BEGIN", logger: logger)
                        return try await connection.query(
                            """
                            INSERT INTO jetstream_inbox_events (event_id, subject, processed_at)
                            VALUES (\(eventID), \(message.subject), now())
                            ON CONFLICT (event_id) DO UPDATE SET processed_at = now(), error = NULL, updated_at = now()
                            WHERE jetstream_inbox_events.processed_at IS NULL
                            RETURNING id
                            """,
                            logger: logger
                        ).collect()
                    }
                    guard !claimed.isEmpty else {
                        try await watchdog.within(timeout, "to a rollback") { try await connection.query("ROLLBACK", logger: logger) }
                        return .duplicate
                    }
                    try await watchdog.within(handlerTimeout, "to the handler's writes") { try await handler(connection) }
                    try await watchdog.within(timeout, "to a commit") { try await connection.query("COMMIT", logger: logger) }
                    return .handled
                } catch {
                    _ = try? await watchdog.within(timeout, "to a rollback") { try await connection.query("ROLLBACK", logger: logger) }
                    throw error
                }
            }
        } catch {
            await recordFailure(eventID: eventID, subject: message.subject, error: error)
            throw error
        }
    }

    /// Keeps the error of a failed handler in the inbox row (best effort: the event is retried either way).
    private func recordFailure(eventID: String, subject: String, error: any Error) async {
        let text = String("\(error)".prefix(4000))
        _ = try? await PostgresWatchdog.withConnection(client, leaseTimeout: timeout) { [self] connection, watchdog in
            try await watchdog.within(timeout, "to recording a handler's error") {
                _ = try await connection.query(
                    """
                    INSERT INTO jetstream_inbox_events (event_id, subject, error) VALUES (\(eventID), \(subject), \(text))
                    ON CONFLICT (event_id) DO UPDATE SET error = EXCLUDED.error, updated_at = now()
                    WHERE jetstream_inbox_events.processed_at IS NULL
                    """,
                    logger: logger
                )
            }
        }
    }
}
