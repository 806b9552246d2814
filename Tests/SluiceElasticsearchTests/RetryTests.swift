import EmbeddedNATS
import NATSTestSupport
import NIOCore
import NIOHTTP1
import SluiceCore
import Testing

@testable import SluiceElasticsearch

@Suite struct RetryTests {
    @Test func nothingListeningFailsWithAConnectionErrorAfterEveryAttempt() async throws {
        let port = try LoopbackProbe.freePort()
        var configuration = ElasticsearchConfiguration(url: "http://127.0.0.1:\(port)")
        configuration.retry = RetryPolicy(maximumAttempts: 3, backoff: .list([.milliseconds(50)]))
        configuration.connectTimeout = .seconds(1)
        let started = ContinuousClock.now
        let error = await #expect(throws: ElasticsearchError.self) {
            try await ElasticsearchClient.withClient(configuration, logger: testLogger) { _ in }
        }
        let elapsed = ContinuousClock.now - started
        #expect(error?.code == .connection)
        #expect(error?.attempts == 3)
        #expect(error?.status == nil)
        #expect(error?.method == "GET" && error?.path == "/")
        #expect(error?.isRetryable == true)
        #expect(elapsed >= .milliseconds(100))  // two waits of the 50 ms backoff, at least
    }

    @Test func failsOverToTheNextNode() async throws {
        try await TestOSMemServer.withServer { server in
            let dead = try LoopbackProbe.freePort()
            var configuration = ElasticsearchConfiguration(urls: ["http://127.0.0.1:\(dead)", server.url])
            configuration.retry = RetryPolicy(maximumAttempts: 2, backoff: .list([.milliseconds(10)]))
            try await ElasticsearchClient.withClient(configuration, logger: testLogger) { client in
                // Every request succeeds: the dead node costs at most one retry, then sits out its cooldown.
                for _ in 0..<5 {
                    let exists = try await client.indexExists("none")
                    #expect(exists == false)
                }
            }
        }
    }

    @Test func serverComesBackWithinTheRetries() async throws {
        try await TestOSMemServer.withServer { server in
            var configuration = ElasticsearchConfiguration(url: server.url)
            configuration.retry = RetryPolicy(maximumAttempts: 40, backoff: .list([.milliseconds(50)]))
            try await ElasticsearchClient.withClient(configuration, logger: testLogger) { client in
                await server.stop(removingDirectory: false)
                #expect(!server.isRunning)
                async let restarted: Void = {
                    try await Task.sleep(for: .milliseconds(300))
                    try await server.start()
                }()
                // Sent while the server is down; answered once it is back on the same port.
                #expect(try await client.indexExists("after-restart") == false)
                try await restarted
            }
        }
    }

    @Test func policyRetriesOnlyTransientFailures() {
        let policy = RetryPolicy(maximumAttempts: 3, backoff: .list([.milliseconds(100), .milliseconds(200)]))
        var random = SystemRandomNumberGenerator()
        func server(_ status: Int, retryAfter: Duration? = nil) -> ElasticsearchError {
            ElasticsearchError(.server, "x", status: status, retryAfter: retryAfter)
        }
        for status in [429, 502, 503, 504] {
            #expect(policy.delay(after: server(status), attempt: 1, using: &random) == .milliseconds(100))
        }
        for status in [400, 401, 403, 404, 409, 413, 500] {
            #expect(policy.delay(after: server(status), attempt: 1, using: &random) == nil)
        }
        #expect(policy.delay(after: ElasticsearchError(.connection, "x"), attempt: 2, using: &random) == .milliseconds(200))
        #expect(policy.delay(after: ElasticsearchError(.timeout, "x"), attempt: 1, using: &random) == .milliseconds(100))
        #expect(policy.delay(after: ElasticsearchError(.connection, "x"), attempt: 3, using: &random) == nil)
        #expect(policy.delay(after: ElasticsearchError(.malformedResponse, "x"), attempt: 1, using: &random) == nil)
        #expect(policy.delay(after: ElasticsearchError(.cancelled, "x"), attempt: 1, using: &random) == nil)

        // Retry-After wins over the backoff, capped at maximumRetryAfter.
        #expect(policy.delay(after: server(429, retryAfter: .seconds(2)), attempt: 1, using: &random) == .seconds(2))
        #expect(policy.delay(after: server(503, retryAfter: .seconds(600)), attempt: 1, using: &random) == .seconds(30))
        var ignoring = policy
        ignoring.honoursRetryAfter = false
        #expect(ignoring.delay(after: server(429, retryAfter: .seconds(2)), attempt: 1, using: &random) == .milliseconds(100))
        #expect(RetryPolicy.none.delay(after: server(503), attempt: 1, using: &random) == nil)
    }

    @Test func serverErrorsCarryTypeReasonAndRetryAfter() {
        var headers = HTTPHeaders()
        headers.add(name: "Retry-After", value: "7")
        let body = ByteBuffer(
            string: #"{"error":{"type":"es_rejected_execution_exception","reason":"rejected","root_cause":[{"type":"a","reason":"b"}]},"status":429}"#
        )
        let request = ElasticsearchRequest(.POST, "/_bulk", query: [("refresh", "wait_for")])
        let error = ElasticsearchTransport.serverError(ElasticsearchResponse(status: 429, headers: headers, body: body), request: request)
        #expect(error.code == .server && error.status == 429)
        #expect(error.type == "es_rejected_execution_exception" && error.reason == "rejected")
        #expect(error.rootCauses == [.init(type: "a", reason: "b")])
        #expect(error.retryAfter == .seconds(7))
        #expect(error.path == "/_bulk?refresh=wait_for")
        #expect(error.isRetryable)

        // A plain-text answer (a proxy's 502 page) keeps its text.
        let proxy = ElasticsearchTransport.serverError(
            ElasticsearchResponse(status: 502, headers: [:], body: ByteBuffer(string: "Bad Gateway")),
            request: request
        )
        #expect(proxy.message == "Bad Gateway" && proxy.type == nil && proxy.isRetryable)
        #expect(ElasticsearchTransport.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
    }
}
