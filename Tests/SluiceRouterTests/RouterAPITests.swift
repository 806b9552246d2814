import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import SluiceCore
import SluiceHTTPAuth
import SluiceRouter
import SluiceRouterAPI
import Testing

/// The platform API on a live server over a router reading a SQLite queue: JWT scopes, submitting, pools, dead letters.
@Suite(.timeLimit(.minutes(2))) struct RouterAPITests {
    static let secret = "router-api-test-secret-of-32-characters"

    /// Runs `test` with an API client, a router over a fresh SQLite queue and `receiver`, and tokens for each scope.
    static func withAPI(
        receiver: TestReceiver,
        _ test: @Sendable (_ client: any TestClientProtocol, _ harness: RouterHarness, _ read: String, _ admin: String) async throws -> Void
    ) async throws {
        let issuer = await HS256TokenIssuer(secret: Array(secret.utf8))
        let read = try await issuer.issue(scopes: [.read], lifetime: .seconds(600))
        let admin = try await issuer.issue(scopes: [.admin], lifetime: .seconds(600))
        try await RouterHarness.run(.sqlite, receiver: receiver) { harness in
            let authenticator = try await HTTPAuthenticator(HTTPAuthConfiguration(jwt: JWTVerification(hs256Secret: Array(secret.utf8))))
            let api = RouterAPI(
                router: harness.router,
                queues: ["main": harness.queue],
                deadLetters: DeadLetterBrowser(deadLetters: harness.deadLetters),
                replayQueue: harness.queue,
                authenticator: authenticator,
                makePool: { configuration in
                    Pool(configuration: configuration, deliverer: harness.deliverer, deadLetters: harness.deadLetters)
                }
            )
            let routes = Router()
            api.register(on: routes)
            try await Application(router: routes).test(.live) { client in try await test(client, harness, read, admin) }
        }
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
    }

    @Test func everyRouteNeedsATokenWithItsScope() async throws {
        let receiver = try await TestReceiver.start()
        defer { Task { await receiver.stop() } }
        try await Self.withAPI(receiver: receiver) { client, _, read, _ in
            let anonymous = try await client.execute(uri: "/api/pools", method: .get)
            #expect(anonymous.status == .unauthorized)
            let error = try Self.json(anonymous)["error"] as? [String: Any]
            #expect(error?["code"] as? String == "unauthorized")
            #expect(try await client.execute(uri: "/api/pools", method: .get, headers: Self.bearer(read)).status == .ok)
            let change = try await client.execute(
                uri: "/api/pools/orders",
                method: .put,
                headers: Self.bearer(read),
                body: ByteBuffer(string: #"{"concurrency": 3}"#)
            )
            #expect(change.status == .forbidden)
            let submit = try await client.execute(
                uri: "/api/queues/main/messages",
                method: .post,
                headers: Self.bearer(read),
                body: ByteBuffer(string: #"{"messages": []}"#)
            )
            #expect(submit.status == .forbidden)
            #expect(try await client.execute(uri: "/api/dead-letters", method: .get).status == .unauthorized)
        }
    }

    @Test func submittedMessagesAreDeliveredAndCountedInThePoolsStatistics() async throws {
        let receiver = try await TestReceiver.start()
        defer { Task { await receiver.stop() } }
        try await Self.withAPI(receiver: receiver) { client, harness, read, admin in
            let messages = (1...5).map { #"{"id": "api-\#($0)", "pool": "orders", "target": "\#(receiver.url)", "payload": "{}"}"# }
            let submit = try await client.execute(
                uri: "/api/queues/main/messages",
                method: .post,
                headers: Self.bearer(admin),
                body: ByteBuffer(string: #"{"messages": [\#(messages.joined(separator: ","))]}"#)
            )
            #expect(submit.status == .accepted)
            try await harness.waitForDelivered(5)
            let pool = try await client.execute(uri: "/api/pools/orders", method: .get, headers: Self.bearer(read))
            let stats = try Self.json(pool)["stats"] as? [String: Any]
            #expect(stats?["delivered"] as? Int == 5)
            #expect(stats?["in_flight"] as? Int == 0)
            #expect((stats?["p99_ms"] as? Double ?? 0) > 0)
            let unknown = try await client.execute(
                uri: "/api/queues/nope/messages",
                method: .post,
                headers: Self.bearer(admin),
                body: ByteBuffer(string: #"{"messages": []}"#)
            )
            #expect(unknown.status == .notFound)
        }
    }

    @Test func poolsChangeAtRunTime() async throws {
        let receiver = try await TestReceiver.start(work: .milliseconds(20))
        defer { Task { await receiver.stop() } }
        try await Self.withAPI(receiver: receiver) { client, harness, read, admin in
            try await harness.send(40)
            let change = try await client.execute(
                uri: "/api/pools/orders",
                method: .put,
                headers: Self.bearer(admin),
                body: ByteBuffer(string: #"{"concurrency": 2, "rate_limit": {"rate": 500, "burst": 5}}"#)
            )
            #expect(change.status == .ok)
            #expect(try Self.json(change)["concurrency"] as? Int == 2)
            try await harness.waitForDelivered(40)
            #expect(harness.pool.configuration.concurrency == 2)
            #expect(harness.pool.configuration.rateLimit == (try RateLimit(rate: 500, burst: 5)))
            let created = try await client.execute(
                uri: "/api/pools/billing",
                method: .put,
                headers: Self.bearer(admin),
                body: ByteBuffer(string: #"{"concurrency": 4}"#)
            )
            #expect(created.status == .ok)
            let list = try await client.execute(uri: "/api/pools", method: .get, headers: Self.bearer(read))
            let codes = (try Self.json(list)["pools"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
            #expect(codes == ["billing", "orders"])
            let invalid = try await client.execute(
                uri: "/api/pools/orders",
                method: .put,
                headers: Self.bearer(admin),
                body: ByteBuffer(string: #"{"concurrency": 0}"#)
            )
            #expect(invalid.status == .badRequest)
        }
    }

    @Test func deadLettersAreListedAndReplayed() async throws {
        let receiver = try await TestReceiver.start { _, earlier in .init(status: earlier == 0 ? 422 : 200) }
        defer { Task { await receiver.stop() } }
        try await Self.withAPI(receiver: receiver) { client, harness, read, admin in
            try await harness.send(2)
            while harness.pool.snapshot.deadLettered < 2 { try await Task.sleep(for: .milliseconds(20)) }
            let list = try await client.execute(uri: "/api/dead-letters?limit=10", method: .get, headers: Self.bearer(read))
            let letters = try Self.json(list)["dead_letters"] as? [[String: Any]] ?? []
            #expect(Set(letters.compactMap { $0["id"] as? String }) == ["m-1", "m-2"])
            #expect(letters.allSatisfy { $0["status"] as? Int == 422 })
            let replay = try await client.execute(
                uri: "/api/dead-letters/replay",
                method: .post,
                headers: Self.bearer(admin),
                body: ByteBuffer(string: #"{"ids": ["m-2"]}"#)
            )
            #expect(try Self.json(replay)["replayed"] as? [String] == ["m-2"])
            try await harness.waitForDelivered(1)
            #expect(receiver.deliveredIDs == ["m-2"])
            let rest = try await client.execute(uri: "/api/dead-letters", method: .get, headers: Self.bearer(read))
            #expect((try Self.json(rest)["dead_letters"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["m-1"])
        }
    }
}
