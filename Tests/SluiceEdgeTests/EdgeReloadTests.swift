import Foundation
import JetStream
import NATSTestSupport
import SluiceEdge
import Testing

/// Products changed while the agent runs: the consumer is updated in place, a store added is filled from the stream,
/// and the stores kept before keep their position (nothing of theirs is delivered again).
@Suite(.serialized) struct EdgeReloadTests {
    @Test func aStoreAddedLaterIsFilledAndTheOthersKeepTheirPosition() async throws {
        try await withTimeout(.seconds(240), "for the added store to be filled") {
            let harness = try await EdgeHarness.start(edges: ["edge-a"])
            do {
                let config = harness.config(edge: "edge-a", products: [Product(id: "acme", tier: .critical, stores: ["s1"])])
                let agent = try await harness.startAgent(config)
                let first = ChangeWorkload.changes(store: "s1", range: 0..<20, prefix: "reload")
                let other = ChangeWorkload.changes(store: "s2", range: 0..<30, prefix: "reload")
                try await harness.publisher.publishBatch(first + other)
                try await agent.waitForApplied(20)
                let context = JetStreamContext(client: harness.ops, timeout: .seconds(10))
                let before = try await context.consumerInfo(stream: "RSFGA_CHANGES", name: "edge-edge-a")
                #expect(try await agent.store.tuples(store: "s2").isEmpty)

                try await agent.agent.reload(
                    products: ProductRegistry([
                        Product(id: "acme", tier: .critical, stores: ["s1"]), Product(id: "more", tier: .critical, stores: ["s2"]),
                    ])
                )
                try await agent.waitForApplied(50)
                let filled = try await agent.store.tuples(store: "s2", limit: 1000).map(ChangeWorkload.text)
                #expect(Set(filled) == ChangeWorkload.endState(other))
                let after = try await context.consumerInfo(stream: "RSFGA_CHANGES", name: "edge-edge-a")
                #expect(after.created == before.created, "the same consumer, updated in place")
                #expect(after.config.allFilterSubjects.sorted() == ["rsfga.changes.s1.>", "rsfga.changes.s2.>"])
                #expect(after.delivered.streamSequence >= before.delivered.streamSequence)

                let later =
                    ChangeWorkload.changes(store: "s1", range: 20..<25, prefix: "reload")
                    + ChangeWorkload.changes(store: "s2", range: 30..<35, prefix: "reload")
                try await harness.publisher.publishBatch(later)
                try await agent.waitForApplied(60)
                #expect(agent.agent.counts.duplicates == 0, "no change of s1 was delivered again")
                #expect(agent.agent.counts.applied == 60)
                let reads = EdgeReads(agent: agent.agent)
                let answer = try await reads.check(store: "s2", CheckRequest(object: "document:31", relation: "viewer", user: "user:31"))
                #expect(answer == CheckAnswer(allowed: true, source: "local"), "reads follow the new products")

                // A store no longer kept receives nothing more.
                try await agent.agent.reload(products: ProductRegistry([Product(id: "acme", tier: .critical, stores: ["s1"])]))
                try await harness.publisher.publishBatch(
                    ChangeWorkload.changes(store: "s2", range: 35..<40, prefix: "reload")
                        + ChangeWorkload.changes(store: "s1", range: 25..<26, prefix: "reload")
                )
                try await agent.waitForApplied(61)
                #expect(try await agent.store.tuples(store: "s2", object: "document:36").isEmpty)
                await #expect(throws: EdgeReadError.self) {
                    _ = try await reads.check(store: "s2", CheckRequest(object: "document:31", relation: "viewer", user: "user:31"))
                }
                await agent.stop()
            } catch {
                await harness.stop()
                throw error
            }
            await harness.stop()
        }
    }
}
