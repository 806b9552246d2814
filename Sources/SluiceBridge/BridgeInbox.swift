/// An idempotent inbox: a table of handled event ids, written in the same database transaction as the handler's
/// own writes, so an event redelivered after it was handled is acknowledged without running the handler again.
///
/// The store modules provide one each (PostgreSQL, SQLite); ``Consumer`` takes one in
/// ``Consumer/init(configuration:client:durableName:batchSize:concurrency:logger:inbox:handler:)``.
public protocol BridgeInbox: Sendable {
    /// The handle on the open transaction the handler writes through.
    associatedtype Transaction

    /// Opens a transaction, records `message`'s event id, and runs `handler` in it, committing both together; when
    /// the id is already recorded as handled, commits nothing and returns ``InboxOutcome/duplicate`` without running
    /// `handler`. When `handler` throws, the transaction is rolled back, the error is recorded against the event id,
    /// and the error is rethrown.
    func process(_ message: BridgeMessage, _ handler: @escaping @Sendable (Transaction) async throws -> Void) async throws -> InboxOutcome
}

/// Whether an inbox ran the handler.
public enum InboxOutcome: Sendable, Hashable {
    /// The handler ran and its transaction committed.
    case handled
    /// The event was already handled; nothing ran.
    case duplicate
}
