import Testing

@testable import SluiceSQLite

extension SQLiteDatabaseFile {
    /// What `PRAGMA synchronous` reads on the writing connection: 1 for NORMAL, 2 for FULL.
    func synchronousLevel() async throws -> Int64 {
        try await write { connection in
            try #require(try await connection.query("PRAGMA synchronous").first).int64("synchronous")
        }
    }
}
