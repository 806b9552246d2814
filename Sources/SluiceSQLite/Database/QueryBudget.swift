import SQLiteNIO
import Synchronization

/// The time the statements of one connection may run: SQL that calls ``functionName`` for each row it visits
/// fails there once the deadline has passed, so a query over too many rows stops instead of holding the connection.
///
/// The check runs per row the statement visits, so it bounds scanning and ranking; work SQLite does before the first
/// row (FTS5 merging the doclists of a short prefix, say) is not interrupted.
final class QueryBudget: Sendable {
    /// The SQL function that checks the budget: `WHERE … AND sluice_within_budget()`.
    static let functionName = "sluice_within_budget"

    private let deadline = Mutex<ContinuousClock.Instant?>(nil)

    /// The function ``functionName`` on the connection this budget belongs to.
    var sqlFunction: SQLiteCustomFunction {
        SQLiteCustomFunction(Self.functionName, argumentCount: 0, pure: false) { [self] _ in
            if let end = deadline.withLock({ $0 }), ContinuousClock.now >= end {
                throw SluiceSQLiteError(.timedOut, "the query ran past its time budget")
            }
            return true
        }
    }

    /// Runs `body` with the budget ending at `end` (`nil`: no limit), and without one after.
    func run<T>(until end: ContinuousClock.Instant?, _ body: () async throws -> T) async throws -> T {
        deadline.withLock { $0 = end }
        defer { deadline.withLock { $0 = nil } }
        return try await body()
    }
}
