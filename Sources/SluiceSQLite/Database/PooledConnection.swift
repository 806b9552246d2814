import SQLiteNIO
import Synchronization

/// One connection of an ``SQLiteDatabaseFile`` with what its holder must know: whether a transaction may still be
/// open on it, and the time budget of its statements.
final class PooledConnection: Sendable {
    let connection: SQLiteConnection
    let budget = QueryBudget()
    /// Set from `BEGIN` until `COMMIT` or `ROLLBACK` succeeds: a transaction that could not be ended is rolled back
    /// before the connection's next one.
    private let mayBeInTransaction = Mutex(false)

    init(_ connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Runs `body` in a transaction opened with `begin`: committed when it returns, rolled back when it throws or
    /// its task is cancelled. Statements that check ``QueryBudget/functionName`` fail once `deadline` has passed.
    func transaction<T: Sendable>(
        _ begin: String,
        until deadline: ContinuousClock.Instant? = nil,
        _ body: (SQLiteConnection) async throws -> T
    ) async throws -> T {
        try await self.begin(begin)
        do {
            let value = try await budget.run(until: deadline) { try await body(connection) }
            try await end("COMMIT")
            return value
        } catch {
            try? await end("ROLLBACK")
            throw error
        }
    }

    /// Opens a transaction with `statement`, first rolling back one that could not be ended before.
    func begin(_ statement: String) async throws {
        if mayBeInTransaction.withLock({ $0 }) { try await end("ROLLBACK") }
        try await connection.runToCompletion(statement)
        mayBeInTransaction.withLock { $0 = true }
    }

    /// Ends the open transaction with `statement` (`COMMIT` or `ROLLBACK`).
    func end(_ statement: String) async throws {
        try await connection.runToCompletion(statement)
        mayBeInTransaction.withLock { $0 = false }
    }
}
