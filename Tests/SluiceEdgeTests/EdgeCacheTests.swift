import Foundation
import NATSTestSupport
import SluiceEdge
import Testing

/// Checks of a cache-mode product against a regional API started by the test: a miss is forwarded (with a timeout),
/// the answer is cached for its time to live, and an invalidation drops it.
@Suite struct EdgeCacheTests {
    static func reads(regional: RegionalStub, ttl: Duration, timeout: Duration = .seconds(5), directory: String) async throws -> EdgeReads {
        var config = EdgeConfig(
            id: "edge-cache",
            nats: EdgeConfig.NATS(urls: ["nats://127.0.0.1:1"]),
            storePath: "\(directory)/edge.sqlite",
            products: ProductRegistry([Product(id: "far", tier: .warm, stores: ["s3"])])
        )
        config.regional = EdgeConfig.Regional(url: regional.url, timeout: timeout)
        let store = try await EdgeStore.open(path: config.storePath, synchronous: config.synchronous)
        return EdgeReads(config: config, store: store, cache: AnswerCache(ttl: ttl))
    }

    @Test func aMissIsForwardedThenCachedUntilInvalidated() async throws {
        let regional = try await RegionalStub.start()
        let directory = try TestDirectory.make(prefix: "edge-cache")
        defer { TestDirectory.remove(directory) }
        let reads = try await Self.reads(regional: regional, ttl: .seconds(600), directory: directory)
        let anne = CheckRequest(object: "document:1", relation: "viewer", user: "user:anne")
        #expect(try await reads.check(store: "s3", anne) == CheckAnswer(allowed: true, source: "forwarded"))
        #expect(try await reads.check(store: "s3", anne) == CheckAnswer(allowed: true, source: "cached"))
        let bob = CheckRequest(object: "document:1", relation: "viewer", user: "user:bob")
        #expect(try await reads.check(store: "s3", bob) == CheckAnswer(allowed: false, source: "forwarded"))
        #expect(regional.checks == 2)

        #expect(reads.cache.invalidate("s9") == 0, "another store's invalidation keeps these answers")
        #expect(reads.cache.invalidate("s3") == 2)
        #expect(try await reads.check(store: "s3", anne) == CheckAnswer(allowed: true, source: "forwarded"))
        #expect(reads.cache.invalidate("all") == 1)
        #expect(reads.cache.count == 0)
        #expect(regional.checks == 3)
        try await reads.store.close()
        await regional.stop()
    }

    @Test func anAnswerIsForwardedAgainOnceItsTimeToLiveIsOver() async throws {
        let regional = try await RegionalStub.start()
        let directory = try TestDirectory.make(prefix: "edge-cache")
        defer { TestDirectory.remove(directory) }
        let reads = try await Self.reads(regional: regional, ttl: .milliseconds(200), directory: directory)
        let anne = CheckRequest(object: "document:1", relation: "viewer", user: "user:anne")
        #expect(try await reads.check(store: "s3", anne).source == "forwarded")
        try await Task.sleep(for: .milliseconds(400))
        #expect(try await reads.check(store: "s3", anne).source == "forwarded", "the cached answer expired")
        #expect(regional.checks == 2)
        try await reads.store.close()
        await regional.stop()
    }

    @Test func aRegionalAPIThatDoesNotAnswerInTimeGivesAGatewayTimeoutAndCachesNothing() async throws {
        let regional = try await RegionalStub.start(slowDelay: .seconds(10))
        let directory = try TestDirectory.make(prefix: "edge-cache")
        defer { TestDirectory.remove(directory) }
        let reads = try await Self.reads(regional: regional, ttl: .seconds(600), timeout: .milliseconds(300), directory: directory)
        let slow = CheckRequest(object: "document:1", relation: "viewer", user: "user:slow")
        let error = await #expect(throws: EdgeReadError.self) { _ = try await reads.check(store: "s3", slow) }
        #expect(error?.status == 504)
        #expect(error?.code == "regional_unreachable")
        #expect(reads.cache.count == 0)
        try await reads.store.close()
        await regional.stop()
    }
}
