import Foundation
import SluiceCore
import SluiceSQLite
import Testing

@Suite struct IndexShardTests {
    /// Documents whose bodies repeat "river" 1 to 6 times, so scores differ, and some that do not match.
    static let corpus: [Envelope] =
        (0..<60).map { number in
            document("d\(number)", title: "entry \(number)", body: Array(repeating: "river", count: number % 6 + 1).joined(separator: " ") + " bank")
        } + (0..<20).map { document("o\($0)", title: "unrelated \($0)", body: "meadow") }

    @Test func shardedIndexAnswersLikeOneFile() async throws {
        let single = try await withSearchIndex { index, _ in try await Self.observe(index) }
        let sharded = try await withSearchIndex(shards: 3) { index, path in
            #expect(index.shardCount == 3)
            for number in 1..<3 {
                #expect(FileManager.default.fileExists(atPath: path.replacingOccurrences(of: ".sqlite", with: ".shard\(number).sqlite")))
            }
            return try await Self.observe(index)
        }
        #expect(sharded.total == single.total)
        #expect(sharded.count == single.count)
        #expect(sharded.pages.flatMap { $0 }.count == single.total)
        // Every hit once across the pages, best first (scores are per shard, so the order can differ among close scores).
        let hits = sharded.pages.flatMap { $0 }
        #expect(Set(hits.map(\.id)) == Set(single.pages.flatMap { $0 }.map(\.id)))
        #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
        #expect(sharded.fetched == single.fetched)
    }

    /// Totals, count, pages of 7 and a few documents by id after the corpus, an update, a delete and a stale update.
    static func observe(_ index: SearchIndex) async throws -> Observation {
        _ = try await index.apply(corpus, to: "docs")
        _ = try await index.apply([document("d1", version: 3, title: "entry 1 renamed", body: "river")], to: "docs")
        _ = try await index.apply([change("d2", version: 5, "deleted")], to: "docs")
        let stale = try await index.apply([document("d2", version: 4, title: "entry 2 late", body: "river")], to: "docs")
        #expect(stale == [.stale])
        var pages: [[SearchHit]] = []
        for offset in stride(from: 0, to: 70, by: 7) {
            pages.append(try await index.search(index: "docs", query: "river", limit: 7, offset: offset).hits)
        }
        let total = try await index.search(index: "docs", query: "river", limit: 0).total
        var fetched: [String] = []
        for id in ["d1", "d2", "d3", "o4", "missing"] {
            fetched.append(try await index.get(index: "docs", id: id).map { "\($0.id)@\($0.version):\($0.document["title"] ?? .null)" } ?? "none")
        }
        return Observation(total: total, count: try await index.count(index: "docs"), pages: pages, fetched: fetched)
    }

    struct Observation {
        var total: Int
        var count: Int
        var pages: [[SearchHit]]
        var fetched: [String]
    }

    @Test func theShardCountIsTheOneTheIndexWasCreatedWith() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/search.sqlite"
            var configuration = SearchIndex.Configuration()
            configuration.shards = 2
            let first = try await SearchIndex.open(path: path, configuration: configuration)
            try await first.ensureIndex(SearchIndexDefinition(name: "docs", fields: ["title"]))
            _ = try await first.apply((0..<40).map { document("d\($0)", title: "river \($0)") }, to: "docs")
            try await first.close()

            configuration.shards = 4
            let reopened = try await SearchIndex.open(path: path, configuration: configuration)
            #expect(reopened.shardCount == 2)
            #expect(try await reopened.count(index: "docs") == 40)
            #expect(try await reopened.get(index: "docs", id: "d17")?.document["title"] == "river 17")
            try await reopened.close()

            // A shard file gone is an error, not an index that silently lost the documents in it.
            try FileManager.default.removeItem(atPath: directory + "/search.shard1.sqlite")
            await #expect(throws: SluiceSQLiteError.self) { _ = try await SearchIndex.open(path: path, configuration: configuration) }
        }
    }

    @Test func aFileFromBeforeShardsStaysOneShard() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/search.sqlite"
            // Written as one shard, then its record of the count removed, as in a file from before shards.
            let old = try await SearchIndex.open(path: path)
            try await old.ensureIndex(SearchIndexDefinition(name: "docs", fields: ["title"]))
            _ = try await old.apply((0..<10).map { document("d\($0)", title: "river") }, to: "docs")
            try await old.close()
            try await runSQLite(path, "DROP TABLE sluice_meta")

            var configuration = SearchIndex.Configuration()
            configuration.shards = 3
            let reopened = try await SearchIndex.open(path: path, configuration: configuration)
            #expect(reopened.shardCount == 1)
            #expect(try await reopened.count(index: "docs") == 10)
            try await reopened.close()
        }
    }

    @Test func shardCountsOutOfRangeAreRefused() async throws {
        try await withTemporaryDirectory { directory in
            var configuration = SearchIndex.Configuration()
            for shards in [0, SearchIndex.maximumShards + 1] {
                configuration.shards = shards
                await #expect(throws: SluiceSQLiteError.self) {
                    _ = try await SearchIndex.open(path: directory + "/s.sqlite", configuration: configuration)
                }
            }
        }
    }
}
