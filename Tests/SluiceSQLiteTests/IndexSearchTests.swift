import SluiceCore
import SluiceSQLite
import Testing

@Suite struct IndexSearchTests {
    @Test func weightedFieldsRankTitleMatchesFirst() async throws {
        try await withSearchIndex { index, _ in
            _ = try await index.apply(
                [
                    document("body-only", title: "a story", body: "the river runs along the valley floor"),
                    document("title", title: "river", body: "a story about the valley floor"),
                    document("none", title: "mountain", body: "no water here"),
                ],
                to: "docs"
            )
            let results = try await index.search(index: "docs", query: "river")
            #expect(results.total == 2)
            #expect(results.hits.map(\.id) == ["title", "body-only"])
            #expect(results.hits[0].score > results.hits[1].score)
            #expect(results.hits[0].document["title"] == "river")
            #expect(results.hits[0].version == 1)
        }
    }

    @Test func pagesCoverEveryHitOnceInScoreOrder() async throws {
        try await withSearchIndex { index, _ in
            // Documents with more occurrences of the term score higher.
            let batch = (1...25).map { number in
                document("d\(number)", title: "entry", body: Array(repeating: "river", count: number % 6 + 1).joined(separator: " ") + " filler")
            }
            _ = try await index.apply(batch + [document("other", title: "unrelated")], to: "docs")
            var hits: [SearchHit] = []
            for offset in stride(from: 0, to: 30, by: 10) {
                let page = try await index.search(index: "docs", query: "river", limit: 10, offset: offset)
                #expect(page.total == 25)
                hits += page.hits
            }
            #expect(hits.count == 25)
            #expect(Set(hits.map(\.id)).count == 25)
            #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
            #expect(try await index.search(index: "docs", query: "river", limit: 10, offset: 25).hits.isEmpty)
        }
    }

    @Test func optimizingKeepsResultsAndUpdatesStayInStep() async throws {
        try await withSearchIndex { index, _ in
            for batch in 0..<5 {
                let documents = (0..<100).map { document("d\($0)", version: Int64(batch + 1), title: "batch\(batch) river") }
                _ = try await index.apply(documents, to: "docs")
            }
            try await index.optimize(index: "docs")
            #expect(try await index.search(index: "docs", query: "river", limit: 0).total == 100)
            #expect(try await index.search(index: "docs", query: "batch4", limit: 0).total == 100)
            #expect(try await index.search(index: "docs", query: "batch3", limit: 0).total == 0)
            _ = try await index.apply((0..<50).map { change("d\($0)", version: 9, "deleted") }, to: "docs")
            #expect(try await index.search(index: "docs", query: "river", limit: 0).total == 50)
            #expect(try await index.count(index: "docs") == 50)
        }
    }

    @Test func queriesUseFTS5Syntax() async throws {
        let definition = SearchIndexDefinition(name: "books", fields: ["title", "author.name", "tags"])
        try await withSearchIndex([definition]) { index, _ in
            _ = try await index.apply(
                [
                    change("1", version: 1, "created", payload: ["title": "Café society", "author": ["name": "Ada"], "tags": ["jazz", "paris"]]),
                    change("2", version: 1, "created", payload: ["title": "River songs", "author": ["name": "Bob"], "tags": ["folk"]]),
                    change("3", version: 1, "created", payload: ["title": "Songs of Ada", "author": ["name": "Cy"]]),
                ],
                to: "books"
            )
            func ids(_ query: String) async throws -> [String] {
                try await index.search(index: "books", query: query).hits.map(\.id).sorted()
            }
            #expect(try await ids("cafe") == ["1"])
            #expect(try await ids("ada") == ["1", "3"])
            #expect(try await ids("\"author.name\": ada") == ["1"])
            #expect(try await ids("title: ada") == ["3"])
            #expect(try await ids("jazz OR folk") == ["1", "2"])
            #expect(try await ids("songs NOT river") == ["3"])
            #expect(try await ids("\"river songs\"") == ["2"])
            #expect(try await ids("so*") == ["1", "2", "3"])
        }
    }

    @Test(arguments: ["\"unterminated", "river AND", "(river", "nosuchfield: river", "   ", "*"])
    func malformedQueriesAreTypedErrors(query: String) async throws {
        try await withSearchIndex { index, _ in
            _ = try await index.apply([document("1", title: "river")], to: "docs")
            let error = await #expect(throws: SluiceSQLiteError.self) { try await index.search(index: "docs", query: query) }
            #expect(error?.code == .invalidQuery)
            #expect(try await index.search(index: "docs", query: "river").total == 1)
        }
    }

    @Test func hyphenatedWordsArePhrases() async throws {
        try await withSearchIndex { index, _ in
            _ = try await index.apply(
                [
                    document("1", title: "eu-north-1 outage", body: "on 2026-11-24 in zone a"),
                    document("2", title: "eu west", body: "north region 1"),
                    document("3", title: "deploy 7f3c2a10-9b1e-4d2f", body: "eu-north-1"),
                ],
                to: "docs"
            )
            func ids(_ query: String) async throws -> [String] {
                try await index.search(index: "docs", query: query).hits.map(\.id).sorted()
            }
            #expect(try await ids("eu-north-1") == ["1", "3"])
            #expect(try await ids("eu-north-1 outage") == ["1"])
            #expect(try await ids("2026-11-24") == ["1"])
            #expect(try await ids("7f3c2a10-9b1e-4d2f OR eu-north-1") == ["1", "3"])
            #expect(try await ids("title: eu-north-1") == ["1"])
            // An unknown field is still an error, not a search for its name.
            let error = await #expect(throws: SluiceSQLiteError.self) { try await index.search(index: "docs", query: "region: eu-north-1") }
            #expect(error?.code == .invalidQuery)
        }
    }

    @Test func unknownIndexesAndBadPagesAreTypedErrors() async throws {
        try await withSearchIndex { index, _ in
            let missing = await #expect(throws: SluiceSQLiteError.self) { try await index.search(index: "nope", query: "x") }
            #expect(missing?.code == .indexNotFound)
            let apply = await #expect(throws: SluiceSQLiteError.self) { try await index.apply([], to: "nope") }
            #expect(apply?.code == .indexNotFound)
            let limit = await #expect(throws: SluiceSQLiteError.self) { try await index.search(index: "docs", query: "x", limit: 5000) }
            #expect(limit?.code == .invalidArgument)
            let offset = await #expect(throws: SluiceSQLiteError.self) { try await index.search(index: "docs", query: "x", offset: -1) }
            #expect(offset?.code == .invalidArgument)
        }
    }
}
