import NATSTestSupport
import Testing

@testable import SluiceSQLite

/// The queue syncs every commit to the disk unless told otherwise, so an acknowledged publish survives a power loss.
@Suite struct QueueDurabilityTests {
    @Test func commitsAreSyncedFullyByDefaultOrNormallyWhenAsked() async throws {
        let directory = try TestDirectory.make(prefix: "queue-sync")
        defer { TestDirectory.remove(directory) }
        let full = try await SQLiteQueue.open(path: "\(directory)/full.sqlite")
        #expect(try await full.file.synchronousLevel() == 2)
        try await full.close()

        var configuration = SQLiteQueue.Configuration()
        configuration.synchronous = .normal
        let normal = try await SQLiteQueue.open(path: "\(directory)/normal.sqlite", configuration: configuration)
        #expect(try await normal.file.synchronousLevel() == 1)
        try await normal.close()
    }
}
