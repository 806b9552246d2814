import Foundation
import NATSTestSupport
import Testing

@testable import SluiceIndex

/// An index written in the first segment format (postings with positions between the documents) opens, is
/// rewritten in the current format, and answers every query as an index built anew from the same changes does.
struct LegacySegmentUpgradeTests {
    static let fields = [IndexField("title", weight: 2), IndexField("body")]
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/format1-index").path

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

    @Test func anIndexOfTheFirstFormatIsRewrittenAndAnswersAsANewOne() async throws {
        let directory = try TestDirectory.make(prefix: "format1-upgrade")
        defer { TestDirectory.remove(directory) }
        try FileManager.default.removeItem(atPath: directory)
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: directory)
        #expect(try Self.segmentMagics(directory) == ["SLXSEG01"])

        let fresh = try TestDirectory.make(prefix: "format2-fresh")
        defer { TestDirectory.remove(fresh) }
        let expected = try SegmentIndex.open(directory: fresh, fields: Self.fields)
        defer { expected.close() }
        for batch in Self.batches() { _ = try await expected.apply(batch) }

        let upgraded = try #require(try SegmentIndex.openExisting(directory: directory))
        #expect(try Self.segmentMagics(directory) == ["SLXSEG02"])
        for query in Self.queries {
            let found = try await upgraded.search(query, limit: 1000)
            let wanted = try await expected.search(query, limit: 1000)
            #expect(found.total == wanted.total, "\(query)")
            #expect(found.total > 0, "\(query)")
            #expect(Set(found.hits.map { "\($0.id)@\($0.version)" }) == Set(wanted.hits.map { "\($0.id)@\($0.version)" }), "\(query)")
        }
        for number in 0..<150 {
            #expect(try upgraded.get(id: "doc\(number)") == expected.get(id: "doc\(number)"), "doc\(number)")
        }
        #expect(upgraded.count == expected.count)
        // Writes go on in the current format, and a second open has nothing to rewrite.
        _ = try await upgraded.apply([.upsert(IndexDocument(id: "doc1", version: 99, fields: ["zeta", nil], source: Array("{}".utf8)))])
        upgraded.close()
        let reopened = try #require(try SegmentIndex.openExisting(directory: directory))
        defer { reopened.close() }
        #expect(try reopened.get(id: "doc1")?.version == 99)
        #expect(try await reopened.search("zeta").total == 1)
        #expect(try Self.segmentMagics(directory) == ["SLXSEG02"])
    }
}
