import NATS
import NATSTestSupport
import Testing

@testable import JetStream

/// A fetch ends on its own clock when the server goes quiet. A stand-in for JetStream on a plain server takes the pull
/// requests and answers as each test needs.
@Suite struct FetchDeadlineTests {
    @Test func aRequestTheServerNeverEndsEndsAfterExpiresAndGrace() async throws {
        try await withStandIn { client, consumer, requests in
            let fetched = try await consumer.fetch(batch: 5, expires: .seconds(1))
            let request = try #require(try await requests.next())
            // The server drops what clients publish with a `$JS.ACK` reply subject, so the stand-in uses another.
            try await client.publish(try #require(request.replyTo), "only", replyTo: "stand-in.ack")
            let messages = try await withTimeout(.seconds(10), "waiting for the fetch's own deadline") { try await collect(fetched) }
            #expect(messages.map(\.string) == ["only"])
            // The server never said the request was over: its inbox is not used again.
            let next = try await consumer.fetch(batch: 1, expires: .seconds(1))
            #expect(next.session.subscription !== fetched.session.subscription)
            next.stop()
        }
    }

    @Test func missingHeartbeatsFailTheFetch() async throws {
        try await withStandIn { client, consumer, requests in
            let fetched = try await consumer.fetch(PullFetchOptions(batch: 5, expires: .seconds(20), idleHeartbeat: .milliseconds(500)))
            let request = try #require(try await requests.next())
            var heartbeat = NATSHeaders()
            heartbeat.status = 100
            heartbeat.statusDescription = "Idle Heartbeat"
            try await client.publish(try #require(request.replyTo), headers: heartbeat)
            let error = try await #require(throws: JetStreamError.self) {
                try await withTimeout(.seconds(10), "waiting for the heartbeat watchdog") { _ = try await collect(fetched) }
            }
            #expect(error.code == .missingHeartbeats)
        }
    }

    /// Runs `body` with a client on a server without JetStream, a handle on consumer `w` of stream `S`, and the pull
    /// requests sent for it.
    private func withStandIn(
        _ body: (NATSClient, PullConsumer, inout NATSSubscription.AsyncIterator) async throws -> Void
    ) async throws {
        try await TestNATSServer.withServer(jetStream: false) { server in
            let client = try await connect(urls: [server.url])
            do {
                var requests = try await client.subscribe("$JS.API.CONSUMER.MSG.NEXT.S.w").makeAsyncIterator()
                try await client.flush()
                try await body(client, PullConsumer(context: JetStreamContext(client: client), stream: "S", name: "w"), &requests)
                await client.close()
            } catch {
                await client.close()
                throw error
            }
        }
    }
}
