import SluiceCore
import SluiceSQLite
import Testing

@Suite struct IndexDefinitionTests {
    @Test func changingTheFieldsRebuildsTheFullTextIndex() async throws {
        try await withSearchIndex([SearchIndexDefinition(name: "docs", fields: ["title"])]) { index, _ in
            _ = try await index.apply([document("1", title: "river", body: "valley")], to: "docs")
            #expect(try await index.search(index: "docs", query: "valley").total == 0)
            try await index.ensureIndex(SearchIndexDefinition(name: "docs", fields: ["title", SearchField("body", weight: 3)]))
            #expect(try await index.search(index: "docs", query: "valley").hits.map(\.id) == ["1"])
            #expect(try await index.search(index: "docs", query: "river").hits.map(\.id) == ["1"])
            #expect(index.indexes.map(\.fields) == [["title", SearchField("body", weight: 3)]])
        }
    }

    @Test func theIDFieldCannotChange() async throws {
        try await withSearchIndex { index, _ in
            let error = await #expect(throws: SluiceSQLiteError.self) {
                try await index.ensureIndex(SearchIndexDefinition(name: "docs", fields: ["title"], idField: "sku"))
            }
            #expect(error?.code == .definitionConflict)
        }
    }

    @Test(arguments: [
        SearchIndexDefinition(name: "bad name", fields: ["title"]),
        SearchIndexDefinition(name: "docs", fields: []),
        SearchIndexDefinition(name: "docs", fields: ["a..b"]),
        SearchIndexDefinition(name: "docs", fields: ["title", "Title"]),
        SearchIndexDefinition(name: "docs", fields: ["rank"]),
        SearchIndexDefinition(name: "docs", fields: ["tags[x]"]),
        SearchIndexDefinition(name: "docs", fields: ["it's"]),
        SearchIndexDefinition(name: "docs", fields: [SearchField("title", weight: 0)]),
    ])
    func invalidDefinitionsAreRefused(definition: SearchIndexDefinition) async throws {
        try await withSearchIndex([]) { index, _ in
            let error = await #expect(throws: SluiceSQLiteError.self) { try await index.ensureIndex(definition) }
            #expect(error?.code == .invalidArgument)
        }
    }

    @Test func indexesAreIndependentAndCanBeDropped() async throws {
        let definitions = [
            SearchIndexDefinition(name: "a", fields: ["title"]),
            SearchIndexDefinition(name: "b", fields: ["title"]),
        ]
        try await withSearchIndex(definitions) { index, _ in
            _ = try await index.apply([document("1", title: "river")], to: "a")
            #expect(try await index.count(index: "a") == 1)
            #expect(try await index.count(index: "b") == 0)
            #expect(try await index.dropIndex(named: "a"))
            #expect(try await index.dropIndex(named: "a") == false)
            #expect(index.indexes.map(\.name) == ["b"])
            let error = await #expect(throws: SluiceSQLiteError.self) { try await index.count(index: "a") }
            #expect(error?.code == .indexNotFound)
        }
    }

    @Test func reopeningTheFileKeepsIndexesAndDocuments() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/search.sqlite"
            var index = try await SearchIndex.open(path: path)
            try await index.ensureIndex(SearchIndexDefinition(name: "docs", fields: ["title"]))
            _ = try await index.apply([document("1", version: 2, title: "river"), change("2", version: 5, "deleted")], to: "docs")
            try await index.close()

            index = try await SearchIndex.open(path: path)
            #expect(index.indexes.map(\.name) == ["docs"])
            #expect(try await index.search(index: "docs", query: "river").hits.map(\.id) == ["1"])
            #expect(try await index.apply([document("2", version: 4, title: "stale")], to: "docs") == [.stale])
            try await index.close()
        }
    }
}
