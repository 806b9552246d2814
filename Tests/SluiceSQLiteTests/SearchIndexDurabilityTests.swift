import NATSTestSupport
import Testing

@testable import SluiceSQLite

/// The FTS5 index syncs every write's commit to the disk unless told otherwise, so an applied change survives a
/// power loss, on every shard.
@Suite struct SearchIndexDurabilityTests {
    /// `PRAGMA synchronous` on each shard's writing connection.
    static func synchronousLevels(of index: SearchIndex) async throws -> [Int64] {
        var levels: [Int64] = []
        for file in index.shards.files { levels.append(try await file.synchronousLevel()) }
        return levels
    }

    @Test func commitsAreSyncedFullyByDefaultOrNormallyWhenAsked() async throws {
        let directory = try TestDirectory.make(prefix: "index-sync")
        defer { TestDirectory.remove(directory) }
        var configuration = SearchIndex.Configuration()
        configuration.shards = 2
        let full = try await SearchIndex.open(path: "\(directory)/full.sqlite", configuration: configuration)
        #expect(try await Self.synchronousLevels(of: full) == [2, 2])
        try await full.close()

        configuration.synchronous = .normal
        let normal = try await SearchIndex.open(path: "\(directory)/normal.sqlite", configuration: configuration)
        #expect(try await Self.synchronousLevels(of: normal) == [1, 1])
        try await normal.close()
    }
}
