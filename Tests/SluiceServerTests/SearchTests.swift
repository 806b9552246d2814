import HummingbirdTesting
import NIOCore
import SluiceRuntime
import SluiceServer
import Testing

@Suite struct SearchTests {
    /// Operations with three documents in the `orders` index.
    static func seeded() async throws -> InMemoryOperations {
        let operations = TestServer.makeOperations()
        _ = try await operations.ingest(
            pipeline: "orders",
            body: .ndjson(
                #"{"id":"1","title":"red bicycle","tags":"red red"}"#,
                #"{"id":"2","title":"red car","version":3}"#,
                #"{"id":"3","title":"blue boat"}"#
            )
        )
        return operations
    }

    @Test func returnsHitsWithScoresBestFirst() async throws {
        try await TestServer.withClient(try await Self.seeded()) { client in
            let response = try await client.execute(uri: "/search?index=orders&q=red", method: .get)
            #expect(response.status == .ok)
            let result = try response.json(SearchResponse.self)
            #expect(result.index == "orders")
            #expect(result.total == 2)
            #expect(result.hits.map(\.id) == ["1", "2"])
            #expect(result.hits[0].score > result.hits[1].score)
            #expect(result.hits[1].version == 3)
            #expect(result.hits[1].document.contains("red car"))
            let hit = try #require((try response.object()["hits"] as? [[String: Any]])?.first)
            #expect(Set(hit.keys) == ["id", "score", "version", "document"])
        }
    }

    @Test func percentEncodedQueryAndPaging() async throws {
        let operations = try await Self.seeded()
        try await TestServer.withClient(operations) { client in
            let response = try await client.execute(uri: "/search?index=orders&q=red%20boat&limit=1&offset=1", method: .get)
            #expect(response.status == .ok)
            let result = try response.json(SearchResponse.self)
            #expect(result.total == 3)
            #expect(result.hits.count == 1)
        }
        #expect(await operations.lastSearch == SearchQuery(index: "orders", query: "red boat", limit: 1, offset: 1))
    }

    @Test func defaultsAndTheLimitCap() async throws {
        let operations = try await Self.seeded()
        try await TestServer.withClient(operations) { client in
            _ = try await client.execute(uri: "/search?index=orders&q=red", method: .get)
            #expect(await operations.lastSearch == SearchQuery(index: "orders", query: "red", limit: 10, offset: 0))
            let capped = try await client.execute(uri: "/search?index=orders&q=red&limit=5000", method: .get)
            #expect(capped.status == .ok)
            #expect(await operations.lastSearch?.limit == 1000)
        }
    }

    @Test(arguments: [
        "/search?q=red", "/search?index=orders", "/search?index=orders&q=", "/search?index=&q=red", "/search",
        "/search?index=orders&q=red&limit=0", "/search?index=orders&q=red&limit=ten", "/search?index=orders&q=red&offset=-1",
    ])
    func badQueriesAre400(uri: String) async throws {
        try await TestServer.withClient(try await Self.seeded()) { client in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .badRequest)
            #expect(try response.error().code == "bad_request")
        }
    }

    @Test(arguments: ["10001", "9223372036854775807", "99999999999999999999999"])
    func offsetsPastTheCapAre400NamingTheCaps(offset: String) async throws {
        let operations = try await Self.seeded()
        try await TestServer.withClient(operations) { client in
            let response = try await client.execute(uri: "/search?index=orders&q=red&limit=5&offset=\(offset)", method: .get)
            #expect(response.status == .badRequest)
            let message = try response.error().message
            #expect(message.contains("from 0 to 10000"))
            #expect(message.contains("1000 hits per page"))
            #expect(await operations.lastSearch == nil)
            let deepest = try await client.execute(uri: "/search?index=orders&q=red&limit=5&offset=10000", method: .get)
            #expect(deepest.status == .ok)
            #expect(await operations.lastSearch?.offset == 10000)
        }
    }

    @Test func missingParameterIsNamed() async throws {
        try await TestServer.withClient(try await Self.seeded()) { client in
            let response = try await client.execute(uri: "/search?index=orders", method: .get)
            #expect(try response.error().message == "query parameter \"q\" is required")
        }
    }

    @Test func unknownIndexIs404() async throws {
        try await TestServer.withClient(try await Self.seeded()) { client in
            let response = try await client.execute(uri: "/search?index=nope&q=red", method: .get)
            #expect(response.status == .notFound)
            #expect(try response.error().code == "not_found")
        }
    }
}
