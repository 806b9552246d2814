import Testing

@testable import NATS

/// A deterministic generator so shuffles repeat.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }
}

@Suite struct ServerPoolTests {
    private func pool(_ urls: [String], maxAttempts: Int = 3, wait: Duration = .seconds(2)) throws -> ServerPool {
        var generator = SeededGenerator(state: 1)
        return ServerPool(
            urls: try urls.map(NATSServerURL.init(parsing:)),
            maxAttempts: maxAttempts,
            reconnectWait: wait,
            randomize: false,
            using: &generator
        )
    }

    @Test func parsesURLs() throws {
        let url = try NATSServerURL(parsing: "tls://alice:s%40cret@nats.example.com:4443")
        #expect(url.scheme == "tls" && url.host == "nats.example.com" && url.port == 4443)
        #expect(url.user == "alice" && url.password == "s@cret")
        #expect(url.requiresTLS)
        #expect(url.description == "tls://nats.example.com:4443")
        #expect(try NATSServerURL(parsing: "127.0.0.1").port == 4222)
        #expect(try NATSServerURL(parsing: "127.0.0.1").hostIsIPAddress)
        #expect(try NATSServerURL(parsing: "[::1]:5222").host == "::1")
        #expect(throws: NATSError.self) { try NATSServerURL(parsing: "http://x") }
        #expect(throws: NATSError.self) { try NATSServerURL(parsing: "nats://x:99999") }
    }

    @Test func triesEachServerInTurnThenWaits() throws {
        var pool = try pool(["nats://a:1", "nats://b:2"])
        #expect(pool.nextStep(now: .seconds(0), jitter: .zero) == .connect(try NATSServerURL(parsing: "nats://a:1")))
        pool.failed(try NATSServerURL(parsing: "nats://a:1"))
        #expect(pool.nextStep(now: .seconds(0), jitter: .zero) == .connect(try NATSServerURL(parsing: "nats://b:2")))
        pool.failed(try NATSServerURL(parsing: "nats://b:2"))
        #expect(pool.nextStep(now: .milliseconds(500), jitter: .milliseconds(100)) == .wait(.milliseconds(1600)))
        #expect(pool.nextStep(now: .milliseconds(2100), jitter: .zero) == .connect(try NATSServerURL(parsing: "nats://a:1")))
    }

    @Test func dropsAServerAfterMaxAttemptsAndGivesUp() throws {
        var pool = try pool(["nats://a:1"], maxAttempts: 2)
        let url = try NATSServerURL(parsing: "nats://a:1")
        var now = Duration.zero
        for _ in 0..<2 {
            while case .wait(let wait) = pool.nextStep(now: now, jitter: .zero) { now += wait }
            pool.failed(url)
        }
        #expect(pool.nextStep(now: now + .seconds(10), jitter: .zero) == .giveUp)
    }

    @Test func forever() throws {
        var pool = try pool(["nats://a:1"], maxAttempts: -1)
        let url = try NATSServerURL(parsing: "nats://a:1")
        for attempt in 0..<1000 {
            pool.failed(url)
            _ = attempt
        }
        #expect(pool.nextStep(now: .seconds(100_000), jitter: .zero) == .connect(url))
    }

    @Test func successResetsAttempts() throws {
        var pool = try pool(["nats://a:1"], maxAttempts: 2)
        let url = try NATSServerURL(parsing: "nats://a:1")
        pool.failed(url)
        pool.connected(to: url, now: .seconds(1))
        pool.failed(url)
        #expect(pool.urls == [url])
    }

    @Test func afterALostConnectionTheOtherServersComeFirst() throws {
        var pool = try pool(["nats://a:1", "nats://b:2"])
        let a = try NATSServerURL(parsing: "nats://a:1")
        let b = try NATSServerURL(parsing: "nats://b:2")
        pool.connected(to: a, now: .seconds(100))
        #expect(pool.nextStep(now: .seconds(100), jitter: .zero) == .connect(b))
        pool.failed(b)
        #expect(pool.nextStep(now: .seconds(100), jitter: .zero) == .wait(.seconds(2)))
        #expect(pool.nextStep(now: .seconds(102), jitter: .zero) == .connect(a))
    }

    @Test func aLongLivedConnectionIsRetriedAtOnce() throws {
        var pool = try pool(["nats://a:1"])
        let a = try NATSServerURL(parsing: "nats://a:1")
        pool.connected(to: a, now: .seconds(10))
        #expect(pool.nextStep(now: .seconds(600), jitter: .zero) == .connect(a))
    }

    @Test func configuredServersComeBeforeDiscoveredOnes() throws {
        var pool = try pool(["nats://a:1", "nats://b:2"])
        var generator = SeededGenerator(state: 3)
        pool.addDiscovered(["d:4", "e:5"], using: &generator)
        let a = try NATSServerURL(parsing: "nats://a:1")
        let b = try NATSServerURL(parsing: "nats://b:2")
        pool.connected(to: a, now: .seconds(100))
        // a was just lost: b, configured, comes before the discovered servers, though all three are ready.
        #expect(pool.nextStep(now: .seconds(100), jitter: .zero) == .connect(b))
        pool.failed(b)
        // Both configured servers wait out their reconnect wait; a discovered one is tried meanwhile.
        guard case .connect(let next) = pool.nextStep(now: .seconds(100), jitter: .zero) else {
            Issue.record("expected a discovered server")
            return
        }
        #expect(["d", "e"].contains(next.host))
    }

    @Test(arguments: [
        (false, false, false, true),  // no credentials, no TLS: nothing to give away
        (false, false, true, false),  // credentials without TLS: discovered servers are left out
        (false, true, true, true),  // credentials over TLS: a discovered server proves its name
        (true, true, false, false),  // ignored on request
    ])
    func whenDiscoveredServersJoinThePool(ignoring: Bool, usesTLS: Bool, hasCredentials: Bool, joins: Bool) {
        #expect(NATSClient.mayAddDiscoveredServers(ignoring: ignoring, usesTLS: usesTLS, hasCredentials: hasCredentials) == joins)
    }

    @Test func credentialsInAServerURLCount() throws {
        #expect(NATSClient.hasCredentials(auth: .none, urls: [try NATSServerURL(parsing: "nats://u:p@a:1")]))
        #expect(!NATSClient.hasCredentials(auth: .none, urls: [try NATSServerURL(parsing: "nats://a:1")]))
        #expect(NATSClient.hasCredentials(auth: .token("t"), urls: [try NATSServerURL(parsing: "nats://a:1")]))
    }

    @Test func addsDiscoveredServersWithTheConfiguredCredentials() throws {
        var pool = try pool(["nats://u:p@a:1"])
        var generator = SeededGenerator(state: 2)
        pool.addDiscovered(["a:1", "10.0.0.2:4222", "10.0.0.2:4222"], using: &generator)
        #expect(pool.urls.count == 2)
        #expect(pool.urls[1].user == "u" && pool.urls[1].host == "10.0.0.2")
    }
}

@Suite struct KeepAliveTests {
    @Test func staleAfterMaxOutstandingPings() {
        var keepAlive = KeepAlive(maxOutstanding: 2)
        #expect(keepAlive.intervalElapsed() == .sendPing)
        #expect(keepAlive.intervalElapsed() == .sendPing)
        #expect(keepAlive.intervalElapsed() == .stale)
    }

    @Test func aPongResets() {
        var keepAlive = KeepAlive(maxOutstanding: 1)
        #expect(keepAlive.intervalElapsed() == .sendPing)
        keepAlive.pongReceived()
        #expect(keepAlive.intervalElapsed() == .sendPing)
    }
}
