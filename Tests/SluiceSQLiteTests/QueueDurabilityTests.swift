import NATSTestSupport
import Testing

@testable import SluiceSQLite

/// The queue syncs every commit to the disk unless told otherwise, so an acknowledged publish survives a power loss.
@Suite struct QueueDurabilityTests {
    /// What `PRAGMA synchronous` reads on the writing connection of `file`: 1 for NORMAL, 2 for FULL.
    static func synchronous(of file: SQLiteDatabaseFile) async throws -> Int64 {
        try await file.write { connection in
            try #require(try await connection.query("PRAGMA synchronous").first).int64("synchronous")
        }
    }

    @Test func commitsAreSyncedFullyByDefaultOrNormallyWhenAsked() async throws {
        let directory = try TestDirectory.make(prefix: "queue-sync")
        defer { TestDirectory.remove(directory) }
        let full = try await SQLiteQueue.open(path: "\(directory)/full.sqlite")
        #expect(try await Self.synchronous(of: full.file) == 2)
        try await full.close()

        var configuration = SQLiteQueue.Configuration()
        configuration.synchronous = .normal
        let normal = try await SQLiteQueue.open(path: "\(directory)/normal.sqlite", configuration: configuration)
        #expect(try await Self.synchronous(of: normal.file) == 1)
        try await normal.close()
    }
}
