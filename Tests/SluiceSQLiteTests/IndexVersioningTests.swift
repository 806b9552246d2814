import SluiceCore
import SluiceSQLite
import Testing

@Suite struct IndexVersioningTests {
    @Test func newerVersionsReplaceOlderAndEqualOnesDoNot() async throws {
        try await withSearchIndex { index, _ in
            #expect(try await index.apply([document("1", version: 5, title: "first")], to: "docs") == [.indexed])
            #expect(try await index.apply([document("1", version: 5, title: "replayed")], to: "docs") == [.stale])
            #expect(try await index.apply([document("1", version: 4, title: "older")], to: "docs") == [.stale])
            #expect(try await index.get(index: "docs", id: "1")?.document["title"] == "first")

            #expect(try await index.apply([document("1", version: 6, title: "second")], to: "docs") == [.indexed])
            let stored = try #require(try await index.get(index: "docs", id: "1"))
            #expect(stored.version == 6)
            #expect(stored.document == ["title": "second", "body": ""])
            #expect(try await index.count(index: "docs") == 1)
            #expect(try await index.search(index: "docs", query: "first").total == 0)
            #expect(try await index.search(index: "docs", query: "second").hits.map(\.id) == ["1"])
        }
    }

    @Test func deleteLeavesATombstoneThatStaleUpdatesCannotOverwrite() async throws {
        try await withSearchIndex { index, _ in
            _ = try await index.apply([document("1", version: 1, title: "river")], to: "docs")
            #expect(try await index.apply([change("1", version: 3, "deleted")], to: "docs") == [.deleted])
            #expect(try await index.get(index: "docs", id: "1") == nil)
            #expect(try await index.count(index: "docs") == 0)
            #expect(try await index.search(index: "docs", query: "river").total == 0)

            // A stale update (version 2) delivered after the delete stays deleted; so does a replayed delete.
            #expect(try await index.apply([document("1", version: 2, title: "river again")], to: "docs") == [.stale])
            #expect(try await index.apply([change("1", version: 3, "deleted")], to: "docs") == [.stale])
            #expect(try await index.get(index: "docs", id: "1") == nil)
            #expect(try await index.search(index: "docs", query: "river").total == 0)

            // A newer version brings it back.
            #expect(try await index.apply([document("1", version: 4, title: "river back")], to: "docs") == [.indexed])
            #expect(try await index.search(index: "docs", query: "river").hits.map(\.version) == [4])
        }
    }

    @Test func deleteOfAnUnknownDocumentStillBlocksOlderUpdates() async throws {
        try await withSearchIndex { index, _ in
            let delete = try await index.apply([change("ghost", version: 10, "deleted")], to: "docs")
            #expect(delete == [.deleted])
            #expect(try await index.apply([document("ghost", version: 9, title: "late")], to: "docs") == [.stale])
            #expect(try await index.count(index: "docs") == 0)
        }
    }

    @Test func theNewestEnvelopeOfABatchWins() async throws {
        try await withSearchIndex { index, _ in
            let outcomes = try await index.apply(
                [
                    document("1", version: 1, title: "one"),
                    document("1", version: 3, title: "three"),
                    document("1", version: 2, title: "two"),
                    document("2", version: 1, title: "other"),
                    change("2", version: 2, "deleted"),
                    document("3", version: 7, title: "tie first"),
                    document("3", version: 7, title: "tie second"),
                ],
                to: "docs"
            )
            #expect(outcomes == [.stale, .indexed, .stale, .stale, .deleted, .indexed, .stale])
            #expect(try await index.get(index: "docs", id: "1")?.document["title"] == "three")
            #expect(try await index.get(index: "docs", id: "2") == nil)
            #expect(try await index.get(index: "docs", id: "3")?.document["title"] == "tie first")
        }
    }

    @Test func envelopesThatCannotBeIndexedAreRejectedAlone() async throws {
        let byPayloadID = SearchIndexDefinition(name: "skus", fields: ["name"], idField: "meta.sku")
        try await withSearchIndex([byPayloadID]) { index, _ in
            let outcomes = try await index.apply(
                [
                    change("a", version: 1, "created", payload: ["meta": ["sku": "X-1"], "name": "kettle"]),
                    change("b", version: 1, "created", payload: ["name": "no sku"]),
                    change("c", version: 1, "created", payload: ["meta": ["sku": 42], "name": "numbered"]),
                    change("d", version: 1, "created", payload: ["not", "an", "object"]),
                    change("e", version: 1, "created", payload: ["meta": ["sku": ""], "name": "empty id"]),
                ],
                to: "skus"
            )
            #expect(outcomes[0] == .indexed)
            #expect(outcomes[1] == .rejected(reason: "the payload has no string or integer id at 'meta.sku'"))
            #expect(outcomes[2] == .indexed)
            #expect(outcomes[3] == .rejected(reason: "the payload has no string or integer id at 'meta.sku'"))
            #expect(outcomes[4] == .rejected(reason: "the document id is empty"))
            #expect(try await index.get(index: "skus", id: "X-1")?.document["name"] == "kettle")
            #expect(try await index.get(index: "skus", id: "42") != nil)
        }
        try await withSearchIndex { index, _ in
            let outcomes = try await index.apply([change("1", version: 1, "created", payload: "text")], to: "docs")
            #expect(outcomes == [.rejected(reason: "the payload of a 'created' event is not a JSON object")])
        }
    }

    @Test func aTenThousandDocumentBatch() async throws {
        try await withSearchIndex { index, _ in
            let batch = (0..<10_000).map { number in
                document("doc-\(number)", version: 1, title: number % 10 == 0 ? "tenth river \(number)" : "plain \(number)", body: "lorem ipsum")
            }
            let outcomes = try await index.apply(batch, to: "docs")
            #expect(outcomes.allSatisfy { $0 == .indexed })
            #expect(try await index.count(index: "docs") == 10_000)
            #expect(try await index.search(index: "docs", query: "river", limit: 0).total == 1000)
            #expect(try await index.search(index: "docs", query: "lorem").total == 10_000)
            #expect(try await index.get(index: "docs", id: "doc-9999")?.document["title"] == "plain 9999")

            let replay = try await index.apply(batch, to: "docs")
            #expect(replay.allSatisfy { $0 == .stale })
            #expect(try await index.count(index: "docs") == 10_000)
        }
    }
}
