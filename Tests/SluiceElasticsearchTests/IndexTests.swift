import NATSTestSupport
import SluiceCore
import SluiceElasticsearch
import Testing

@Suite struct IndexTests {
    @Test func createWithMappingsExistsAndDelete() async throws {
        try await withOSMem { client, _ in
            #expect(try await client.indexExists("assets") == false)
            try await client.createIndex("assets", body: testMappings)
            #expect(try await client.indexExists("assets"))

            let error = await #expect(throws: ElasticsearchError.self) { try await client.createIndex("assets", body: testMappings) }
            #expect(error?.code == .server)
            #expect(error?.status == 400)
            #expect(error?.type == "resource_already_exists_exception")
            #expect(error?.rootCauses.first?.type == "resource_already_exists_exception")
            #expect(error?.method == "PUT" && error?.path == "/assets")
            #expect(try await client.createIndexIfMissing("assets", body: testMappings) == false)
            #expect(try await client.createIndexIfMissing("other") == true)

            try await client.deleteIndex("assets")
            #expect(try await client.indexExists("assets") == false)
            try await client.deleteIndex("assets", ignoreMissing: true)
            let missing = await #expect(throws: ElasticsearchError.self) { try await client.deleteIndex("assets") }
            #expect(missing?.status == 404)
            #expect(missing?.type == "index_not_found_exception")
            #expect(missing?.reason == "no such index [assets]")
        }
    }

    @Test func documentByIDAndCount() async throws {
        try await withOSMem { client, _ in
            try await client.createIndex("docs", body: testMappings)
            var bulk = BulkRequest()
            bulk.index(index: "docs", id: "a", version: 7, document: ["n": 1, "tag": "x"])
            bulk.index(index: "docs", id: "b/1 ü", version: 3, document: ["n": 2, "tag": "y"])
            _ = try await client.bulk(bulk, refresh: .immediate)

            let document = try #require(try await client.document(index: "docs", id: "a"))
            #expect(document.index == "docs" && document.id == "a")
            #expect(document.version == 7)
            #expect(document.seqNo != nil)
            #expect(document.source == ["n": 1, "tag": "x"])
            // Ids that need percent-encoding in the path.
            #expect(try await client.document(index: "docs", id: "b/1 ü")?.source?["tag"] == "y")
            #expect(try await client.document(index: "docs", id: "nope") == nil)
            let noIndex = await #expect(throws: ElasticsearchError.self) { try await client.document(index: "nothere", id: "a") }
            #expect(noIndex?.type == "index_not_found_exception")

            try await client.refresh("docs")
            #expect(try await client.count("docs") == 2)
            #expect(try await client.count("docs", query: ["term": ["tag": "y"]]) == 1)
        }
    }
}
