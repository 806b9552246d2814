import NATSTestSupport
import SluiceCore
import SluiceElasticsearch
import Testing

@Suite struct SearchTests {
    /// 25 documents, five to each `updated_at` second, so that the `_id` tiebreaker matters.
    func load(_ client: ElasticsearchClient, index: String) async throws -> Set<String> {
        try await client.createIndex(index, body: testMappings)
        var bulk = BulkRequest()
        var ids = Set<String>()
        for number in 0..<25 {
            let id = "doc-\(String(number, radix: 36))-\(number)"
            ids.insert(id)
            let second = 10 + number / 5
            bulk.index(
                index: index,
                id: id,
                version: Int64(number + 1),
                document: [
                    "n": .int(Int64(number)), "updated_at": .string("2026-01-01T00:00:\(second)Z"), "tag": number.isMultiple(of: 2) ? "even" : "odd",
                ]
            )
        }
        _ = try await client.bulk(bulk, refresh: .immediate)
        return ids
    }

    @Test func searchAfterPagesThroughEverything() async throws {
        try await withOSMem { client, _ in
            let ids = try await load(client, index: "pages")
            var request = SearchRequest(index: "pages", sort: [.init("updated_at"), .init("_id")], size: 4)
            var seen: [ElasticsearchHit] = []
            var pages = 0
            while true {
                let page = try await client.search(request)
                pages += 1
                seen += page.hits
                guard let last = page.hits.last, page.hits.count == request.size else { break }
                request.searchAfter = last.sort
            }
            #expect(pages == 7)
            #expect(Set(seen.map(\.id)) == ids)
            #expect(seen.count == ids.count)
            // In [updated_at, _id] order, with versions, sequence numbers and sources.
            let keys = seen.map { ($0.sort[0].intValue ?? 0, $0.sort[1].stringValue ?? "") }
            #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 })
            #expect(seen.allSatisfy { $0.index == "pages" && $0.version != nil && $0.seqNo != nil && $0.source?["n"] != nil })
            #expect(seen[0].sort[0] == .int(1_767_225_610_000))
        }
    }

    @Test func queryTotalsAndSourceFiltering() async throws {
        try await withOSMem { client, _ in
            _ = try await load(client, index: "q")
            var request = SearchRequest(index: "q", query: ["term": ["tag": "even"]], sort: [.init("n", .descending)], size: 3)
            request.trackTotalHits = true
            request.source = ["n"]
            let response = try await client.search(request)
            #expect(response.total == 13)
            #expect(response.totalIsExact)
            #expect(response.hits.map { $0.source?["n"] } == [24, 22, 20])
            #expect(response.hits.allSatisfy { $0.source?["tag"] == nil })

            let missing = await #expect(throws: ElasticsearchError.self) { try await client.search(SearchRequest(index: "absent")) }
            #expect(missing?.status == 404 && missing?.type == "index_not_found_exception")
            let badQuery = await #expect(throws: ElasticsearchError.self) {
                try await client.search(SearchRequest(index: "q", query: ["no_such_query": [:]]))
            }
            #expect(badQuery?.status == 400 && badQuery?.type == "parsing_exception")
        }
    }

    @Test func pointInTimeSnapshotsTheIndex() async throws {
        try await withOSMem { client, _ in
            let ids = try await load(client, index: "pit")
            let opened = try await client.openPointInTime(index: "pit", keepAlive: .seconds(30))
            var pointInTime = opened

            // Written after the point in time opened: not part of it.
            var late = BulkRequest()
            late.index(index: "pit", id: "late", version: 1, document: ["n": 99, "updated_at": "2026-01-01T00:00:00Z"])
            _ = try await client.bulk(late, refresh: .immediate)

            // `_shard_doc` is the tiebreaker that works with a point in time everywhere (Elasticsearch 8 refuses to
            // sort on `_id`).
            var request = SearchRequest(indices: [], sort: [.init("updated_at"), .init("_shard_doc")], size: 10, pointInTime: pointInTime)
            var seen: [String] = []
            while true {
                let page = try await client.search(request)
                seen += page.hits.map(\.id)
                if let id = page.pointInTimeID { pointInTime.id = id }
                request.pointInTime = pointInTime
                guard let last = page.hits.last, page.hits.count == request.size else { break }
                request.searchAfter = last.sort
            }
            #expect(Set(seen) == ids)
            #expect(!seen.contains("late"))

            try await client.closePointInTime(pointInTime)
            // Closing again is harmless; searching a closed one fails with the server's reason.
            try await client.closePointInTime(pointInTime)
            let closed = await #expect(throws: ElasticsearchError.self) { try await client.search(request) }
            #expect(closed?.status == 404)
            #expect(closed?.rootCauses.first?.type == "search_context_missing_exception")
        }
    }
}
