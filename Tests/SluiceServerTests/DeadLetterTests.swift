import Foundation
import HummingbirdTesting
import NIOCore
import SluiceRuntime
import SluiceServer
import Testing

@Suite struct DeadLetterTests {
    /// Operations with three dead letters in `orders` (dl-0001…dl-0003) and one indexed record.
    static func seeded() async throws -> InMemoryOperations {
        let operations = TestServer.makeOperations()
        _ = try await operations.ingest(
            pipeline: "orders",
            body: .ndjson(
                #"{"id":"1","valid":false}"#,
                #"{"id":"2","valid":false}"#,
                #"{"id":"3"}"#,
                #"{"id":"4","valid":false}"#
            )
        )
        return operations
    }

    @Test func listsNewestFirstWithSnakeCaseFields() async throws {
        try await TestServer.withClient(try await Self.seeded()) { client in
            let response = try await client.execute(uri: "/dlq", method: .get)
            #expect(response.status == .ok)
            let list = try response.json(DeadLetterList.self)
            #expect(list.count == 3)
            #expect(list.deadLetters.map(\.id) == ["dl-0003", "dl-0002", "dl-0001"])
            let first = try #require((try response.object()["dead_letters"] as? [[String: Any]])?.first)
            #expect(Set(first.keys) == ["id", "pipeline", "subject", "reason", "deliveries", "failed_at", "payload"])
        }
    }

    @Test func filtersByPipelineAndLimits() async throws {
        try await TestServer.withClient(try await Self.seeded()) { client in
            let limited = try await client.execute(uri: "/dlq?pipeline=orders&limit=2", method: .get)
            #expect(try limited.json(DeadLetterList.self).deadLetters.map(\.id) == ["dl-0003", "dl-0002"])
            let other = try await client.execute(uri: "/dlq?pipeline=files", method: .get)
            #expect(try other.json(DeadLetterList.self).count == 0)
            let unknown = try await client.execute(uri: "/dlq?pipeline=nope", method: .get)
            #expect(unknown.status == .notFound)
            let badLimit = try await client.execute(uri: "/dlq?limit=-3", method: .get)
            #expect(badLimit.status == .badRequest)
        }
    }

    @Test func showsOneAnd404ForUnknown() async throws {
        try await TestServer.withClient(try await Self.seeded()) { client in
            let response = try await client.execute(uri: "/dlq/dl-0002", method: .get)
            #expect(response.status == .ok)
            let letter = try response.json(DeadLetter.self)
            #expect(letter.pipeline == "orders")
            #expect(letter.payload == #"{"id":"2","valid":false}"#)
            #expect(letter.reason == "sink refused: valid is false")

            let missing = try await client.execute(uri: "/dlq/dl-9999", method: .get)
            #expect(missing.status == .notFound)
            #expect(try missing.error().message.contains("dl-9999"))
        }
    }

    @Test func replayByIDsAfterAFix() async throws {
        let operations = try await Self.seeded()
        await operations.fixSink()
        try await TestServer.withClient(operations) { client in
            let body = ByteBuffer(string: #"{"ids":["dl-0001","dl-0003"]}"#)
            let response = try await client.execute(uri: "/dlq/replay", method: .post, body: body)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == "{\"replayed\":2}\n")
        }
        #expect(await operations.letters.map(\.id) == ["dl-0002"])
        #expect(await operations.indexes["orders"]?.keys.sorted() == ["1", "3", "4"])
    }

    @Test func replayByPipelineWithoutAFixDeadLettersAgain() async throws {
        let operations = try await Self.seeded()
        try await TestServer.withClient(operations) { client in
            let response = try await client.execute(
                uri: "/dlq/replay",
                method: .post,
                body: ByteBuffer(string: #"{"pipeline":"orders"}"#)
            )
            #expect(try response.json(ReplayResult.self).replayed == 3)
        }
        let letters = await operations.letters
        #expect(letters.count == 3)
        #expect(letters.allSatisfy { $0.deliveries == 2 })
    }

    @Test(arguments: [
        "", "not json", "{}", #"{"pipeline":"orders","ids":["dl-0001"]}"#, #"{"ids":[]}"#, #"{"pipeline":""}"#,
        #"{"ids":"dl-0001"}"#,
    ])
    func malformedReplayIs400(body: String) async throws {
        try await TestServer.withClient(try await Self.seeded()) { client in
            let response = try await client.execute(uri: "/dlq/replay", method: .post, body: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
            #expect(try response.error().code == "bad_request")
        }
    }

    @Test func replayOfUnknownIDIs404() async throws {
        try await TestServer.withClient(try await Self.seeded()) { client in
            let response = try await client.execute(
                uri: "/dlq/replay",
                method: .post,
                body: ByteBuffer(string: #"{"ids":["dl-0404"]}"#)
            )
            #expect(response.status == .notFound)
        }
    }

    @Test func purgeOnePipelineAtATime() async throws {
        let operations = try await Self.seeded()
        try await TestServer.withClient(operations) { client in
            let none = try await client.execute(uri: "/dlq?pipeline=files", method: .delete)
            #expect(none.status == .ok)
            #expect(try none.json(PurgeResult.self).purged == 0)
            let orders = try await client.execute(uri: "/dlq?pipeline=orders", method: .delete)
            #expect(String(buffer: orders.body) == "{\"purged\":3}\n")
            let unknown = try await client.execute(uri: "/dlq?pipeline=nope", method: .delete)
            #expect(unknown.status == .notFound)
        }
        #expect(await operations.letters.isEmpty)
    }

    @Test func purgeWithoutAPipelineIsRefused() async throws {
        let operations = try await Self.seeded()
        try await TestServer.withClient(operations) { client in
            let response = try await client.execute(uri: "/dlq", method: .delete)
            #expect(response.status == .badRequest)
            #expect(try response.error().message.contains("DELETE /dlq?pipeline=NAME"))
        }
        #expect(await operations.letters.count == 3)
    }
}
