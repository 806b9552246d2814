import Foundation
import HummingbirdTesting
import NIOCore
import SluiceRuntime
import SluiceServer
import Testing

@Suite struct IngestTests {
    @Test func acceptsRecordsAndNamesRejectedLines() async throws {
        let operations = TestServer.makeOperations()
        try await TestServer.withClient(operations) { client in
            let body = ByteBuffer.ndjson(
                #"{"id":"1","title":"red bicycle"}"#,
                #"{"id":"2","title":"blue car"}"#,
                #"{"id": broken"#,
                "",
                #"["not","an","object"]"#,
                #"{"title":"no id"}"#
            )
            let response = try await client.execute(uri: "/ingest/orders", method: .post, body: body)
            #expect(response.status == .accepted)
            let outcome = try response.json(IngestOutcome.self)
            #expect(outcome.accepted == 2)
            #expect(
                outcome.rejected == [
                    .init(line: 3, reason: "not valid JSON"),
                    .init(line: 5, reason: "not a JSON object"),
                    .init(line: 6, reason: "missing string field \"id\""),
                ]
            )
            let raw = try response.object()
            #expect(Set(raw.keys) == ["accepted", "rejected", "rejected_count"])
            #expect(outcome.rejectedCount == 3)
            #expect(await operations.indexes["orders"]?.count == 2)
        }
    }

    @Test func everyLineMalformedIs400NamingEachLine() async throws {
        try await TestServer.withClient(TestServer.makeOperations()) { client in
            let body = ByteBuffer.ndjson("not json", #"{"no":"id"}"#)
            let response = try await client.execute(uri: "/ingest/orders", method: .post, body: body)
            #expect(response.status == .badRequest)
            let error = try response.json(ErrorBody.self)
            #expect(error.error.code == "bad_request")
            #expect(error.error.message.contains("line 1: not valid JSON"))
            #expect(error.error.message.contains("line 2: missing string field \"id\""))
            #expect(error.rejected?.map(\.line) == [1, 2])
            #expect(error.rejectedCount == 2)
        }
    }

    @Test func aBodyOfManyBadLinesGetsAShortAnswerThatCountsThemAll() async throws {
        try await TestServer.withClient(TestServer.makeOperations()) { client in
            let bad = Array(repeating: "x", count: 900)
            for lines in [bad, [#"{"id":"good"}"#] + bad] {
                let body = ByteBuffer(string: lines.joined(separator: "\n") + "\n")
                let response = try await client.execute(uri: "/ingest/orders", method: .post, body: body)
                let raw = try response.object()
                let listed = (raw["rejected"] as? [Any])?.count
                #expect(listed == IngestOutcome.maximumListed)
                #expect(raw["rejected_count"] as? Int == 900)
                #expect(response.body.readableBytes < 20_000)
            }
        }
    }

    @Test func emptyBodyIs400() async throws {
        try await TestServer.withClient(TestServer.makeOperations()) { client in
            let response = try await client.execute(uri: "/ingest/orders", method: .post, body: ByteBuffer(string: "\n  \n"))
            #expect(response.status == .badRequest)
            #expect(try response.error().code == "bad_request")
        }
    }

    @Test func unknownPipelineIs404AndNonHTTPSourceIs409() async throws {
        try await TestServer.withClient(TestServer.makeOperations()) { client in
            let unknown = try await client.execute(uri: "/ingest/nope", method: .post, body: .ndjson(#"{"id":"1"}"#))
            #expect(unknown.status == .notFound)
            let files = try await client.execute(uri: "/ingest/files", method: .post, body: .ndjson(#"{"id":"1"}"#))
            #expect(files.status == .conflict)
            #expect(try files.error().code == "conflict")
        }
    }

    @Test func backedUpIs429WithRetryAfter() async throws {
        let configuration = {
            var c = SluiceHTTPServerConfiguration()
            c.retryAfterSeconds = 7
            return c
        }()
        try await TestServer.withClient(TestServer.makeOperations(capacity: 2), configuration: configuration) { client in
            let first = try await client.execute(uri: "/ingest/orders", method: .post, body: .ndjson(#"{"id":"1"}"#, #"{"id":"2"}"#))
            #expect(first.status == .accepted)
            let second = try await client.execute(uri: "/ingest/orders", method: .post, body: .ndjson(#"{"id":"3"}"#))
            #expect(second.status == .tooManyRequests)
            #expect(second.headers[.retryAfter] == "7")
            #expect(try second.error().code == "backed_up")
        }
    }

    @Test func notReadyIs503() async throws {
        let operations = TestServer.makeOperations()
        await operations.setReadiness(Readiness(ready: false, reasons: ["nats: not connected"]))
        try await TestServer.withClient(operations) { client in
            let response = try await client.execute(uri: "/ingest/orders", method: .post, body: .ndjson(#"{"id":"1"}"#))
            #expect(response.status == .serviceUnavailable)
            #expect(try response.error().code == "unavailable")
        }
    }

    @Test func bodyOverTheLimitIs413() async throws {
        let configuration = {
            var c = SluiceHTTPServerConfiguration()
            c.maxBodySize = 1000
            return c
        }()
        let operations = TestServer.makeOperations()
        let line = #"{"id":"x","text":"\#(String(repeating: "a", count: 80))"}"#
        let fitting = 1000 / (line.utf8.count + 1)
        try await TestServer.withClient(operations, configuration: configuration) { client in
            let atLimit = String(repeating: line + "\n", count: fitting)
            let accepted = try await client.execute(uri: "/ingest/orders", method: .post, body: ByteBuffer(string: atLimit))
            #expect(accepted.status == .accepted)

            let tooLarge = String(repeating: line + "\n", count: 20)
            let response = try await client.execute(uri: "/ingest/orders", method: .post, body: ByteBuffer(string: tooLarge))
            #expect(response.status == .contentTooLarge)
            #expect(try response.error().code == "too_large")
            #expect(try response.error().message.contains("1000 bytes"))
        }
        #expect(await operations.pipelineStatus(named: "orders")?.counters.recordsIn == fitting)
    }

    @Test func defaultLimitIsTenMegabytesOverARealConnection() async throws {
        let server = try await TestServer.make(TestServer.makeOperations())
        try await server.application.test(.live) { client in
            let big = ByteBuffer(repeating: UInt8(ascii: " "), count: 10 * 1024 * 1024 + 1)
            let response = try await client.execute(uri: "/ingest/orders", method: .post, body: big)
            #expect(response.status == .contentTooLarge)
            // The connection stays usable after the refusal.
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
        }
    }
}
