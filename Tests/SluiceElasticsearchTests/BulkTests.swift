import NATSTestSupport
import SluiceCore
import SluiceElasticsearch
import Testing

@Suite struct BulkTests {
    @Test func externalVersionsRejectStaleItemsOneByOne() async throws {
        try await withOSMem { client, _ in
            try await client.createIndex("v", body: testMappings)
            var first = BulkRequest()
            for id in 1...3 { first.index(index: "v", id: "\(id)", version: 10, document: ["n": .int(Int64(id))]) }
            let created = try await client.bulk(first)
            #expect(!created.hasErrors)
            #expect(created.items.map(\.outcome) == [.success, .success, .success])
            #expect(created.items.map(\.result) == ["created", "created", "created"])
            #expect(created.items.map(\.version) == [10, 10, 10])

            var second = BulkRequest()
            second.index(index: "v", id: "1", version: 9, document: ["n": 100])  // stale
            second.index(index: "v", id: "2", version: 11, document: ["n": 200])  // newer
            second.index(index: "v", id: "3", version: 10, document: ["n": 300])  // same: a replay
            let response = try await client.bulk(second)
            #expect(response.hasErrors)
            #expect(response.items.map(\.status) == [409, 200, 409])
            #expect(response.items.map(\.outcome) == [.conflict, .success, .conflict])
            #expect(response.items[0].error?.type == "version_conflict_engine_exception")
            #expect(response.items[0].id == "1" && response.items[0].index == "v")
            #expect(response.outcomeCounts == [.conflict: 2, .success: 1])

            #expect(try await client.document(index: "v", id: "1")?.source == ["n": 1])
            #expect(try await client.document(index: "v", id: "2")?.source == ["n": 200])
            #expect(try await client.document(index: "v", id: "2")?.version == 11)
        }
    }

    @Test func versionedDeleteStaysDeletedAgainstStaleUpdates() async throws {
        try await withOSMem { client, _ in
            try await client.createIndex("d", body: testMappings)
            var bulk = BulkRequest()
            bulk.index(index: "d", id: "x", version: 5, document: ["n": 1])
            bulk.index(index: "d", id: "y", version: 5, document: ["n": 1])
            _ = try await client.bulk(bulk)

            bulk.removeAll()
            bulk.delete(index: "d", id: "x", version: 7)
            bulk.delete(index: "d", id: "y", version: 4)  // older than the document: refused
            bulk.delete(index: "d", id: "never", version: 3)  // nothing there
            let deleted = try await client.bulk(bulk)
            #expect(deleted.items.map(\.action) == ["delete", "delete", "delete"])
            #expect(deleted.items[0].outcome == .success && deleted.items[0].result == "deleted")
            #expect(deleted.items[1].outcome == .conflict)
            #expect(deleted.items[2].outcome == .success)
            #expect(try await client.document(index: "d", id: "x") == nil)
            #expect(try await client.document(index: "d", id: "y") != nil)

            // An update older than the delete arrives late: the tombstone's version refuses it.
            bulk.removeAll()
            bulk.index(index: "d", id: "x", version: 6, document: ["n": 2])
            let stale = try await client.bulk(bulk)
            #expect(stale.items[0].outcome == .conflict)
            #expect(try await client.document(index: "d", id: "x") == nil)

            // A newer one recreates the document.
            bulk.removeAll()
            bulk.index(index: "d", id: "x", version: 8, document: ["n": 3])
            #expect(try await client.bulk(bulk).items[0].outcome == .success)
            #expect(try await client.document(index: "d", id: "x")?.version == 8)
        }
    }

    @Test func mappingErrorIsAPermanentItemFailure() async throws {
        try await withOSMem { client, _ in
            try await client.createIndex("m", body: testMappings)
            var bulk = BulkRequest()
            bulk.index(index: "m", id: "good", version: 1, document: ["n": 1])
            bulk.index(index: "m", id: "bad", version: 1, document: ["n": "not a number"])
            bulk.index(index: "m", id: "good2", version: 1, document: ["n": 2])
            let response = try await client.bulk(bulk)
            #expect(response.items.map(\.outcome) == [.success, .permanent, .success])
            let bad = response.items[1]
            #expect(bad.status == 400)
            #expect(bad.error?.type == "mapper_parsing_exception")
            #expect(bad.error?.reason.contains("[n]") == true)
            #expect(bad.error?.causedBy?.type == "illegal_argument_exception")
        }
    }

    @Test func gzipBodiesAndRawSources() async throws {
        var settings = ElasticsearchConfiguration(urls: [])
        settings.gzipRequests = true
        settings.gzipMinimumBytes = 0
        try await withOSMem(settings: settings) { client, _ in
            try await client.createIndex("g", body: testMappings)
            var bulk = BulkRequest()
            for id in 0..<200 {
                bulk.index(index: "g", id: "doc-\(id)", version: 1, document: ["n": .int(Int64(id)), "title": .string("a gzip test document \(id)")])
            }
            // A raw source with line breaks (pretty-printed JSON) stays one NDJSON line.
            bulk.index(index: "g", id: "raw", version: 1, source: Array("{\n  \"n\": 7,\r\n  \"title\": \"line\\nbreak\"\n}".utf8))
            let response = try await client.bulk(bulk, refresh: .immediate)
            #expect(!response.hasErrors)
            #expect(response.items.count == 201)
            #expect(try await client.count("g") == 201)
            #expect(try await client.document(index: "g", id: "raw")?.source == ["n": 7, "title": "line\nbreak"])
        }
    }

    @Test func emptyBulkSendsNothing() async throws {
        try await withOSMem { client, _ in
            let response = try await client.bulk(BulkRequest())
            #expect(response.items.isEmpty && !response.hasErrors)
        }
    }
}
