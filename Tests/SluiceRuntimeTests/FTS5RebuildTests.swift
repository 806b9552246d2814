import Foundation
import NATSTestSupport
import SQLiteNIO
import SluiceCore
import SluiceIndex
import SluiceSQLite
import Testing

@testable import SluiceSearchIndexConnector

/// An index of the FTS5 engine rebuilt by the segment engine from the documents it stores.
@Suite struct FTS5RebuildTests {
    static let definitions = [
        SearchIndexDefinition(name: "docs", fields: [SearchField("title", weight: 2), "body"]),
        SearchIndexDefinition(name: "notes", fields: ["text", "meta.tags"]),
    ]

    static func envelope(_ id: String, version: Int64, _ eventType: String, _ payload: JSONValue = [:]) -> Envelope {
        Envelope(producer: "test", resourceType: "docs", resourceID: id, eventType: eventType, version: version, payload: payload)
    }

    /// Writes an FTS5 index over two shards: documents created, some updated, some deleted, one deleted before it
    /// was ever written.
    static func writeFTS5(_ path: String) async throws {
        var configuration = SluiceSQLite.SearchIndex.Configuration()
        configuration.shards = 2
        let index = try await SluiceSQLite.SearchIndex.open(path: path, configuration: configuration)
        for definition in definitions { try await index.ensureIndex(definition) }
        let words = ["river", "lake", "stone", "bridge", "harbour", "forest"]
        var docs: [Envelope] = (0..<300).map { number in
            envelope(
                "d\(number)",
                version: 1,
                "created",
                ["title": .string("\(words[number % 6]) \(number)"), "body": .string("near the \(words[(number / 6) % 6])")]
            )
        }
        docs += (0..<40).map { envelope("d\($0)", version: 2, "updated", ["title": .string("renamed \($0)"), "body": .int(Int64($0))]) }
        docs += (250..<270).map { envelope("d\($0)", version: 5, "deleted") }
        docs.append(envelope("never-written", version: 9, "deleted"))
        _ = try await index.apply(docs, to: "docs")
        _ = try await index.apply(
            (0..<30).map {
                envelope("n\($0)", version: 3, "created", ["text": .string("note \(words[$0 % 6])"), "meta": ["tags": ["a", .string("b\($0)")]]])
            },
            to: "notes"
        )
        try await index.close()
    }

    @Test func everyIndexDocumentAndDeleteIsRebuiltWithItsVersion() async throws {
        let directory = try TestDirectory.make(prefix: "fts5-rebuild")
        defer { TestDirectory.remove(directory) }
        let file = "\(directory)/index.sqlite"
        let root = "\(directory)/index"
        try await Self.writeFTS5(file)
        // What a rebuild interrupted by a crash left behind is thrown away.
        try FileManager.default.createDirectory(atPath: "\(RebuildStaging.path(for: root))/docs", withIntermediateDirectories: true)
        try Data("half".utf8).write(to: URL(fileURLWithPath: "\(RebuildStaging.path(for: root))/docs/manifest"))

        let summary = try await FTS5Rebuild.run(from: file, into: root, configuration: SegmentIndex.Configuration())
        #expect(summary == FTS5Rebuild.Summary(indexes: ["docs", "notes"], documents: 310, deletes: 21))
        #expect(!FileManager.default.fileExists(atPath: RebuildStaging.path(for: root)))

        let fts5 = try await SluiceSQLite.SearchIndex.open(path: file)
        let docs = try #require(try SegmentIndex.openExisting(directory: "\(root)/docs"))
        let notes = try #require(try SegmentIndex.openExisting(directory: "\(root)/notes"))
        defer {
            docs.close()
            notes.close()
        }
        #expect(docs.fields == [IndexField("title", weight: 2), IndexField("body")])
        #expect(notes.fields == [IndexField("text"), IndexField("meta.tags")])
        #expect(docs.count == 280)
        #expect(notes.count == 30)
        for number in 0..<300 {
            let stored = try await fts5.get(index: "docs", id: "d\(number)")
            let rebuilt = try docs.get(id: "d\(number)")
            #expect(rebuilt?.version == stored?.version)
            #expect(rebuilt.flatMap { try? JSONValue.parse($0.source) } == stored?.document)
        }
        let queries = ["river", "title: renamed", "near the", "lak*", "stone OR forest", "bridge NOT harbour", "12"]
        for query in queries {
            let expected = try await fts5.search(index: "docs", query: query, limit: 1000)
            let found = try await docs.search(query, limit: 1000)
            #expect(Set(found.hits.map(\.id)) == Set(expected.hits.map(\.id)), "\(query)")
            #expect(found.total == expected.total, "\(query)")
        }
        #expect(try await notes.search("b7", limit: 10).hits.map(\.id) == ["n7"])
        try await fts5.close()

        // Deletes keep their versions: an older update stays ignored, a newer one is stored.
        let late = IndexDocument(id: "d255", version: 4, fields: ["late", nil], source: Array(#"{"title":"late"}"#.utf8))
        #expect(try await docs.apply([.upsert(late)]) == [.stale])
        let never = IndexDocument(id: "never-written", version: 8, fields: ["late", nil], source: Array(#"{"title":"late"}"#.utf8))
        #expect(try await docs.apply([.upsert(never)]) == [.stale])
        var newer = late
        newer.version = 6
        #expect(try await docs.apply([.upsert(newer)]) == [.applied])
    }

    @Test func aDocumentThatIsNotJSONStopsTheRebuildAndLeavesNoIndex() async throws {
        let directory = try TestDirectory.make(prefix: "fts5-rebuild-bad")
        defer { TestDirectory.remove(directory) }
        let file = "\(directory)/index.sqlite"
        let root = "\(directory)/index"
        let index = try await SluiceSQLite.SearchIndex.open(path: file)
        try await index.ensureIndex(Self.definitions[0])
        _ = try await index.apply([Self.envelope("a", version: 1, "created", ["title": "river"])], to: "docs")
        try await index.close()
        try await Self.damage(file)
        await #expect {
            _ = try await FTS5Rebuild.run(from: file, into: root, configuration: SegmentIndex.Configuration())
        } throws: { error in
            "\(error)".contains("document 'a' of index 'docs' is not stored as JSON")
        }
        #expect(!FileManager.default.fileExists(atPath: root))
    }

    /// Replaces every stored body in the FTS5 file with text that is not JSON.
    static func damage(_ file: String) async throws {
        let connection = try await SQLiteConnection.open(storage: .file(path: file))
        do {
            _ = try await connection.query("UPDATE sluice_doc_1 SET body = '{not json'")
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
