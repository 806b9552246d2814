import SQLiteNIO

extension SQLiteConnection {
    /// Runs `sql` to completion even when the calling task is cancelled.
    ///
    /// SQLiteNIO's async `query` skips its work when the task is already cancelled; a `ROLLBACK` or `COMMIT` skipped
    /// that way leaves the connection inside a transaction, and every later `BEGIN` on it fails. Transaction control
    /// goes through here.
    public func runToCompletion(_ sql: String) async throws {
        try await query(sql, [], logger: logger) { _ in }.get()
    }
}
