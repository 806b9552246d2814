import HummingbirdTesting
import NIOCore
import SluiceRuntime
import SluiceServer
import Testing

@Suite struct PipelineTests {
    @Test func listsEveryPipelineInOrder() async throws {
        try await TestServer.withClient(TestServer.makeOperations()) { client in
            let response = try await client.execute(uri: "/pipelines", method: .get)
            #expect(response.status == .ok)
            let list = try response.json(PipelineList.self)
            #expect(list.pipelines.map(\.name) == ["orders", "files", "broken"])
            #expect(list.pipelines[2].state == .failed)
            #expect(list.pipelines[2].lastError == "stream not found")
        }
    }

    @Test func pipelineJSONUsesSnakeCase() async throws {
        try await TestServer.withClient(TestServer.makeOperations()) { client in
            let response = try await client.execute(uri: "/pipelines/orders", method: .get)
            #expect(response.status == .ok)
            let body = try response.object()
            #expect(body["name"] as? String == "orders")
            #expect(body["state"] as? String == "running")
            #expect(body["source"] as? String == "http")
            #expect(body["sink"] as? String == "search_index")
            #expect(body["lag"] as? Int == 0)
            #expect(body["lag_threshold"] as? Int == 1000)
            let counters = try #require(body["counters"] as? [String: Any])
            #expect(Set(counters.keys) == ["records_in", "records_out", "records_failed", "records_dlq", "records_filtered"])
        }
    }

    @Test func unknownPipelineIs404JSON() async throws {
        try await TestServer.withClient(TestServer.makeOperations()) { client in
            let response = try await client.execute(uri: "/pipelines/nope", method: .get)
            #expect(response.status == .notFound)
            #expect(response.contentType == "application/json; charset=utf-8")
            let error = try response.error()
            #expect(error.code == "not_found")
            #expect(error.message.contains("nope"))
        }
    }

    @Test func pauseAndResume() async throws {
        let operations = TestServer.makeOperations()
        try await TestServer.withClient(operations) { client in
            let paused = try await client.execute(uri: "/pipelines/orders/pause", method: .post)
            #expect(paused.status == .ok)
            #expect(try paused.json(PipelineStatus.self).state == .paused)
            #expect(await operations.pipelineStatus(named: "orders")?.state == .paused)

            let resumed = try await client.execute(uri: "/pipelines/orders/resume", method: .post)
            #expect(resumed.status == .ok)
            #expect(try resumed.json(PipelineStatus.self).state == .running)
        }
    }

    @Test func pauseUnknownIs404AndPauseFailedIs409() async throws {
        try await TestServer.withClient(TestServer.makeOperations()) { client in
            let unknown = try await client.execute(uri: "/pipelines/nope/pause", method: .post)
            #expect(unknown.status == .notFound)
            #expect(try unknown.error().code == "not_found")

            let failed = try await client.execute(uri: "/pipelines/broken/resume", method: .post)
            #expect(failed.status == .conflict)
            #expect(try failed.error().code == "conflict")
        }
    }

    @Test func pauseNeedsPOST() async throws {
        try await TestServer.withClient(TestServer.makeOperations()) { client in
            let response = try await client.execute(uri: "/pipelines/orders/pause", method: .get)
            #expect(response.status == .notFound)
            #expect(try response.error().code == "not_found")
        }
    }
}
