import HummingbirdTesting
import NIOCore
import SluiceClient
import SluiceRuntime
import SluiceServer
import Testing

/// ``SluiceAPIClient`` (what `sluice dlq` uses) against a server listening on a real port.
@Suite struct APIClientTests {
    /// Runs `test` with a client of a live server over `operations`.
    static func withAPI(
        _ operations: InMemoryOperations,
        _ test: @Sendable (SluiceAPIClient) async throws -> Void
    ) async throws {
        try await TestServer.make(operations).application.test(.live) { client in
            let port = try #require(client.port)
            try await test(try SluiceAPIClient(baseURL: "http://127.0.0.1:\(port)"))
        }
    }

    @Test func listShowReplayPurge() async throws {
        let operations = try await DeadLetterTests.seeded()
        try await Self.withAPI(operations) { api in
            let letters = try await api.deadLetters(pipeline: "orders", limit: 2)
            #expect(letters.map(\.id) == ["dl-0003", "dl-0002"])
            let letter = try await api.deadLetter(id: "dl-0001")
            #expect(letter.payload == #"{"id":"1","valid":false}"#)
            #expect(try await api.replay(ReplayRequest(ids: ["dl-0001"])) == 1)
            #expect(try await api.purge(pipeline: "orders") == 3)
            #expect(try await api.deadLetters(pipeline: nil, limit: 100).isEmpty)
            #expect(try await api.pipelines().map(\.name) == ["orders", "files", "broken"])
        }
    }

    @Test func serverErrorsCarryCodeAndMessage() async throws {
        try await Self.withAPI(TestServer.makeOperations()) { api in
            await #expect(throws: SluiceAPIClientError.server(status: 404, code: "not_found", message: "no dead letter with id \"a/b?c\"")) {
                _ = try await api.deadLetter(id: "a/b?c")
            }
            await #expect(throws: SluiceAPIClientError.self) {
                _ = try await api.replay(ReplayRequest())
            }
        }
    }

    @Test func unreachableServerIsReported() async throws {
        let api = try SluiceAPIClient(baseURL: "http://127.0.0.1:1", timeout: 5)
        do {
            _ = try await api.deadLetters(pipeline: nil, limit: 1)
            Issue.record("expected a failure")
        } catch {
            guard case .unreachable(let url, _) = error else {
                Issue.record("got \(error)")
                return
            }
            #expect(url == "http://127.0.0.1:1")
        }
    }

    @Test func rejectsBadBaseURLs() {
        #expect(throws: SluiceAPIClientError.invalidURL("127.0.0.1:8080")) { try SluiceAPIClient(baseURL: "127.0.0.1:8080") }
        #expect(throws: SluiceAPIClientError.invalidURL("ftp://x")) { try SluiceAPIClient(baseURL: "ftp://x") }
    }
}
