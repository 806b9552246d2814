import Foundation
import NATSTestSupport
import Testing

@testable import SluiceIndex

/// An index written in an earlier segment format answers every query as an index built anew from the same changes
/// does: one of the first format (postings with positions between the documents) is rewritten when it opens, one of
/// the second (stored documents not compressed) is read as it is and merged into the current format.
struct LegacySegmentUpgradeTests {
    static let fields = [IndexField("title", weight: 2), IndexField("body")]
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    }

    /// The changes the fixture was written from, batch by batch: upserts, newer versions and deletes.
    static func batches() -> [[IndexChange]] {
        (0..<12).map { batch in
            var changes: [IndexChange] = (0..<20).map { number in
                let doc = batch * 20 + number
                return .upsert(
                    IndexDocument(
                        id: "doc\(doc % 150)",
                        version: Int64(batch + 1),
                        fields: ["alpha beta\(doc % 7) report \(doc)", "gamma near the delta\(doc % 5) crew logged it"],
                        source: Array("{\"n\":\(doc)}".utf8)
                    )
                )
            }
            if batch % 4 == 3 { changes.append(.delete(id: "doc\(batch * 3)", version: Int64(batch + 1))) }
            return changes
        }
    }

    static let queries = [
        "alpha", "beta3", "\"near the delta2\"", "\"alpha beta1\"", "gam*", "del*", "alpha NOT beta1", "beta2 OR delta4",
        "title: report", "body: crew AND beta5", "\"the delta3\"", "12*",
    ]

    /// The first 8 bytes of every segment file of the index in `directory`.
    static func segmentMagics(_ directory: String) throws -> Set<String> {
        var magics = Set<String>()
        for shard in try FileManager.default.contentsOfDirectory(atPath: directory) {
            let shardDirectory = "\(directory)/\(shard)"
            for name in try FileManager.default.contentsOfDirectory(atPath: shardDirectory) where name.hasSuffix(".seg") {
                let bytes = try #require(FileManager.default.contents(atPath: "\(shardDirectory)/\(name)"))
                magics.insert(String(decoding: bytes.prefix(8), as: UTF8.self))
            }
        }
        return magics
    }

    /// Expects `index` to answer every query and `get` as `expected` does.
    static func expectSameAnswers(_ index: SegmentIndex, as expected: SegmentIndex) async throws {
        for query in Self.queries {
            let found = try await index.search(query, limit: 1000)
            let wanted = try await expected.search(query, limit: 1000)
            #expect(found.total == wanted.total, "\(query)")
            #expect(found.total > 0, "\(query)")
            #expect(Set(found.hits.map { "\($0.id)@\($0.version)" }) == Set(wanted.hits.map { "\($0.id)@\($0.version)" }), "\(query)")
        }
        for number in 0..<150 {
            #expect(try index.get(id: "doc\(number)") == expected.get(id: "doc\(number)"), "doc\(number)")
        }
        #expect(index.count == expected.count)
    }

    /// Copies fixture `name` to a new directory and an index built anew from ``batches()`` to another.
    static func fixtureAndExpected(_ name: String) async throws -> (directory: String, expected: SegmentIndex, cleanUp: () -> Void) {
        let directory = try TestDirectory.make(prefix: "\(name)-upgrade")
        try FileManager.default.removeItem(atPath: directory)
        try FileManager.default.copyItem(atPath: Self.fixture(name), toPath: directory)
        let fresh = try TestDirectory.make(prefix: "\(name)-fresh")
        let expected = try SegmentIndex.open(directory: fresh, fields: Self.fields)
        for batch in Self.batches() { _ = try await expected.apply(batch) }
        return (
            directory, expected,
            {
                expected.close()
                TestDirectory.remove(directory)
                TestDirectory.remove(fresh)
            }
        )
    }

    @Test func anIndexOfTheFirstFormatIsRewrittenAndAnswersAsANewOne() async throws {
        let (directory, expected, cleanUp) = try await Self.fixtureAndExpected("format1-index")
        defer { cleanUp() }
        #expect(try Self.segmentMagics(directory) == ["SLXSEG01"])

        let upgraded = try #require(try SegmentIndex.openExisting(directory: directory))
        #expect(try Self.segmentMagics(directory) == ["SLXSEG03"])
        try await Self.expectSameAnswers(upgraded, as: expected)
        // Writes go on in the current format, and a second open has nothing to rewrite.
        _ = try await upgraded.apply([.upsert(IndexDocument(id: "doc1", version: 99, fields: ["zeta", nil], source: Array("{}".utf8)))])
        upgraded.close()
        let reopened = try #require(try SegmentIndex.openExisting(directory: directory))
        defer { reopened.close() }
        #expect(try reopened.get(id: "doc1")?.version == 99)
        #expect(try await reopened.search("zeta").total == 1)
        #expect(try Self.segmentMagics(directory) == ["SLXSEG03"])
    }

    @Test func anIndexOfTheSecondFormatIsReadAsItIsAndMergedIntoTheCurrentOne() async throws {
        let (directory, expected, cleanUp) = try await Self.fixtureAndExpected("format2-index")
        defer { cleanUp() }
        #expect(try Self.segmentMagics(directory) == ["SLXSEG02"])

        let index = try #require(try SegmentIndex.openExisting(directory: directory))
        #expect(try Self.segmentMagics(directory) == ["SLXSEG02"])
        try await Self.expectSameAnswers(index, as: expected)
        // New segments are of the current format; a merge reads the old ones' stored documents into it.
        let newer = Self.batches().flatMap { $0 }.compactMap { change -> IndexChange? in
            guard case .upsert(var document) = change, document.version == 12 else { return nil }
            document.version = 13
            return .upsert(document)
        }
        _ = try await index.apply(newer)
        _ = try await expected.apply(newer)
        index.close()
        // Two segments a shard now, the old one and the new: a policy of two a tier merges them (here, not on a
        // background thread that `merge()` would not wait for).
        var configuration = SegmentIndex.Configuration()
        configuration.backgroundThreads = false
        configuration.mergePolicy.segmentsPerTier = 2
        configuration.mergePolicy.floorDocuments = 1000
        let reopened = try #require(try SegmentIndex.openExisting(directory: directory, configuration: configuration))
        defer { reopened.close() }
        try reopened.merge()
        #expect(try Self.segmentMagics(directory) == ["SLXSEG03"])
        try await Self.expectSameAnswers(reopened, as: expected)
    }
}
