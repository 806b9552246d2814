import NATSTestSupport
import NIOCore
import Testing

@testable import SluiceRouter

/// The delivery client against a real receiver: answers, timeouts, refused connections and URLs taken apart.
@Suite(.timeLimit(.minutes(1))) struct HTTPDelivererTests {
    static func deliverer() throws -> HTTPDeliverer {
        HTTPDeliverer(signingSecret: nil, circuitBreaker: try .init(failureThreshold: 1_000_000, openDuration: .milliseconds(100)))
    }

    static func message(to target: String) -> RouterMessage {
        RouterMessage(id: "d-1", pool: "orders", target: target, payload: ByteBuffer(string: "{}"))
    }

    @Test func answersAreClassifiedOverReusedConnections() async throws {
        let receiver = try await TestReceiver.start { request, _ in .init(status: request.body == "{}" ? 200 : 400) }
        defer { Task { await receiver.stop() } }
        let deliverer = try Self.deliverer()
        for _ in 0..<5 { #expect(await deliverer.deliver(Self.message(to: receiver.url), timeout: .seconds(5)) == .delivered(status: 200)) }
        var rejected = Self.message(to: receiver.url + "?kind=bad")
        rejected.payload = ByteBuffer(string: "not {}")
        #expect(await deliverer.deliver(rejected, timeout: .seconds(5)) == .rejected(status: 400, body: "answer 400"))
        try await deliverer.shutdown()
        #expect(receiver.requests.count == 6)
        #expect(receiver.requests.allSatisfy { $0.headers["idempotency-key"] == "d-1" && $0.headers["content-type"] == "application/json" })
    }

    @Test func aSlowReceiverIsATimeoutAndARefusedConnectionAnError() async throws {
        let receiver = try await TestReceiver.start(work: .seconds(3))
        defer { Task { await receiver.stop() } }
        let deliverer = try Self.deliverer()
        let slow = await deliverer.deliver(Self.message(to: receiver.url), timeout: .milliseconds(200))
        guard case .retry(let reason, nil, nil, true) = slow else {
            Issue.record("not a retry: \(slow)")
            return
        }
        #expect(reason.hasPrefix("timed out"))
        let stopped = try await TestReceiver.start()
        await stopped.stop()
        let refused = await deliverer.deliver(Self.message(to: stopped.url), timeout: .seconds(5))
        guard case .retry(let error, nil, nil, true) = refused else {
            Issue.record("not a retry: \(refused)")
            return
        }
        #expect(error.hasPrefix("connection error"))
        try await deliverer.shutdown()
    }

    @Test func aCancelledDeliveryEndsAtOnceWithoutCountingATry() async throws {
        let receiver = try await TestReceiver.start(work: .seconds(30))
        defer { Task { await receiver.stop() } }
        let deliverer = try Self.deliverer()
        let delivery = Task { await deliverer.deliver(Self.message(to: receiver.url), timeout: .seconds(60)) }
        try await withTimeout(.seconds(10), "the request arrived") {
            while receiver.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        }
        delivery.cancel()
        let outcome = try await withTimeout(.seconds(10), "the cancelled delivery") { await delivery.value }
        #expect(outcome == .retry(reason: "cancelled", status: nil, after: nil, counts: false))
        try await deliverer.shutdown()
    }

    @Test func aTargetThatIsNotAnHTTPURLIsUndeliverable() async throws {
        let deliverer = try Self.deliverer()
        let outcome = await deliverer.deliver(Self.message(to: "ftp://example.com/"), timeout: .seconds(1))
        #expect(outcome == .undeliverable(reason: "the target is not an http or https URL: ftp://example.com/"))
        try await deliverer.shutdown()
    }

    @Test func targetsAreTakenApart() throws {
        let plain = try #require(DeliveryTarget("http://Example.com/hooks/a?x=1#frag"))
        #expect(!plain.tls && plain.host == "example.com" && plain.port == 80 && plain.hostHeader == "example.com")
        #expect(plain.path == "/hooks/a?x=1")
        #expect(plain.origin == "http://example.com")
        let withPort = try #require(DeliveryTarget("https://user:pw@hooks.example.com:8443?q"))
        #expect(withPort.tls && withPort.host == "hooks.example.com" && withPort.port == 8443)
        #expect(withPort.hostHeader == "hooks.example.com:8443" && withPort.path == "/?q" && withPort.origin == "https://hooks.example.com:8443")
        let ipv6 = try #require(DeliveryTarget("http://[::1]:9000/h"))
        #expect(ipv6.host == "::1" && ipv6.port == 9000 && ipv6.hostHeader == "[::1]:9000")
        #expect(DeliveryTarget("ftp://example.com/") == nil)
        #expect(DeliveryTarget("http://:80/") == nil)
        #expect(DeliveryTarget("http://example.com:99999/") == nil)
        #expect(DeliveryTarget("example.com/hook") == nil)
    }
}
