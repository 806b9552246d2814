import Foundation
import JetStream
import NATS
import NATSTestSupport
import SluiceEdge
import Testing

/// The edge sync against a real topology (central cluster of three, one region, edges as leaf nodes).
@Suite(.serialized) struct EdgeSyncTests {
    @Test func aChangeReachesTheEdgesWhoseProductsNeedItAndIsCheckedLocally() async throws {
        try await withTimeout(.seconds(240), "for changes to reach the edges") {
            let harness = try await EdgeHarness.start(edges: ["edge-a", "edge-b", "edge-c"])
            var agents: [RunningAgent] = []
            do {
                let implied = ["viewer": ["editor"]]
                agents.append(
                    try await harness.startAgent(
                        harness.config(edge: "edge-a", products: [Product(id: "acme", tier: .critical, stores: ["s1"], implied: implied)])
                    )
                )
                agents.append(
                    try await harness.startAgent(
                        harness.config(
                            edge: "edge-b",
                            products: [Product(id: "acme", tier: .hot, stores: ["s1"], objectTypes: ["document", "group"], implied: implied)]
                        )
                    )
                )
                agents.append(
                    try await harness.startAgent(harness.config(edge: "edge-c", products: [Product(id: "other", tier: .critical, stores: ["s2"])]))
                )
                let anne = TupleKey(object: "document:1", relation: "viewer", user: "user:anne")
                let editors = TupleKey(object: "document:2", relation: "editor", user: "group:eng#member")
                let bob = TupleKey(object: "group:eng", relation: "member", user: "user:bob")
                try await harness.publisher.publish(TupleChange(storeID: "s1", objectType: "document", writes: [anne, editors], changeID: "c1"))
                try await harness.publisher.publish(TupleChange(storeID: "s1", objectType: "group", writes: [bob], changeID: "c2"))
                let marker = TupleKey(object: "folder:x", relation: "owner", user: "user:carl")
                try await harness.publisher.publish(TupleChange(storeID: "s2", objectType: "folder", writes: [marker], changeID: "c3"))
                // A change published twice (same change id) is stored once.
                try await harness.publisher.publish(TupleChange(storeID: "s1", objectType: "group", writes: [bob], changeID: "c2"))

                for agent in agents.prefix(2) {
                    try await agent.waitForTuple(anne, in: "s1")
                    try await agent.waitForTuple(bob, in: "s1")
                }
                try await agents[2].waitForTuple(marker, in: "s2")
                #expect(try await agents[2].store.tuples(store: "s1").isEmpty, "edge-c's products do not include s1")
                #expect(try await agents[0].store.tuples(store: "s2").isEmpty, "edge-a's products do not include s2")
                #expect(try await agents[0].store.appliedCount() == 2)

                let reads = EdgeReads(config: agents[0].agent.config, store: agents[0].store, cache: agents[0].agent.cache)
                let direct = try await reads.check(store: "s1", CheckRequest(object: "document:1", relation: "viewer", user: "user:anne"))
                #expect(direct == CheckAnswer(allowed: true, source: "local"))
                let viaUserset = try await reads.check(store: "s1", CheckRequest(object: "document:2", relation: "viewer", user: "user:bob"))
                #expect(viaUserset == CheckAnswer(allowed: true, source: "local"), "editor implies viewer, and bob is a member of group:eng")
                let denied = try await reads.check(store: "s1", CheckRequest(object: "document:2", relation: "viewer", user: "user:anne"))
                #expect(denied == CheckAnswer(allowed: false, source: "local"))
                await #expect(throws: EdgeReadError.self) {
                    _ = try await reads.check(store: "s9", CheckRequest(object: "document:1", relation: "viewer", user: "user:anne"))
                }
            } catch {
                for agent in agents { await agent.stop() }
                await harness.stop()
                throw error
            }
            for agent in agents { await agent.stop() }
            await harness.stop()
        }
    }

    @Test func aProductChangeMovesAStoreOntoAnEdgeAndFillsItFromTheStream() async throws {
        try await withTimeout(.seconds(240), "for the moved store to fill") {
            let harness = try await EdgeHarness.start(edges: ["edge-a"])
            do {
                let first = try await harness.startAgent(
                    harness.config(edge: "edge-a", products: [Product(id: "acme", tier: .critical, stores: ["s1"])])
                )
                let s1 = ChangeWorkload.changes(store: "s1", range: 0..<200, prefix: "move")
                let s3 = ChangeWorkload.changes(store: "s3", range: 0..<300, prefix: "move")
                try await harness.publisher.publishBatch(s1 + s3)
                try await first.waitForApplied(200)
                await first.stop()

                let config = harness.config(
                    edge: "edge-a",
                    products: [Product(id: "acme", tier: .critical, stores: ["s1"]), Product(id: "beta", tier: .critical, stores: ["s3"])]
                )
                let second = try await harness.startAgent(config)
                try await second.waitForApplied(500)
                let info = try await JetStreamContext(client: harness.ops).consumerInfo(stream: "RSFGA_CHANGES", name: "edge-edge-a")
                #expect(Set(info.config.allFilterSubjects) == ["rsfga.changes.s1.>", "rsfga.changes.s3.>"])
                let stored = try await second.store.tuples(store: "s3", limit: 10_000).map(ChangeWorkload.text)
                #expect(Set(stored) == ChangeWorkload.endState(s3))
                #expect(second.agent.counts.applied == 300, "s1's changes were not applied again: the consumer kept its position")
                await second.stop()
            } catch {
                await harness.stop()
                throw error
            }
            await harness.stop()
        }
    }
}
