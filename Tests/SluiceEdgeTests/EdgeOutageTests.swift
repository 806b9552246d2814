import Foundation
import NATSTestSupport
import SluiceEdge
import Testing

/// An edge's leaf server goes away for 30 seconds while changes are published: the edge reports degraded and keeps
/// serving reads, then catches up from its last acknowledgement, and its store ends as the changes imply.
@Suite(.serialized) struct EdgeOutageTests {
    @Test func aLeafOutageLosesNothingAndAppliesNothingTwice() async throws {
        try await withTimeout(.seconds(300), "for the edge to catch up after its outage") {
            let harness = try await EdgeHarness.start(edges: ["edge-a"])
            do {
                let agent = try await harness.startAgent(
                    harness.config(edge: "edge-a", products: [Product(id: "acme", tier: .critical, stores: ["s1"])])
                )
                let before = ChangeWorkload.changes(store: "s1", range: 0..<100, prefix: "outage")
                try await harness.publisher.publishBatch(before)
                try await agent.waitForApplied(100)
                await waitUntilAsync { agent.agent.readiness.isReady }

                await harness.running.stop(server: "edge-a")
                let clock = ContinuousClock()
                let outageEnds = clock.now.advanced(by: .seconds(30))
                await waitUntilAsync { !agent.agent.readiness.isReady }
                #expect(agent.agent.readiness.reason == "NATS disconnected")

                let during = ChangeWorkload.changes(store: "s1", range: 100..<5100, prefix: "outage")
                try await harness.publisher.publishBatch(during)
                // Reads go on from the local store while the edge is cut off.
                let reads = EdgeReads(config: agent.agent.config, store: agent.store, cache: agent.agent.cache)
                let answer = try await reads.check(store: "s1", CheckRequest(object: "document:1", relation: "viewer", user: "user:1"))
                #expect(answer == CheckAnswer(allowed: true, source: "local"))
                #expect(try await agent.store.appliedCount() == 100)

                try await Task.sleep(until: outageEnds)
                try await harness.running.start(server: "edge-a")
                try await agent.waitForApplied(5100)
                await waitUntilAsync { agent.agent.readiness.isReady }

                let stored = try await agent.store.tuples(store: "s1", limit: 100_000).map(ChangeWorkload.text)
                #expect(Set(stored) == ChangeWorkload.endState(before + during))
                #expect(stored.count == Set(stored).count)
                #expect(agent.agent.counts.applied == 5100, "every change applied exactly once")
                #expect(try await agent.store.deadLetterCount() == 0)
                await agent.stop()
            } catch {
                await harness.stop()
                throw error
            }
            await harness.stop()
        }
    }
}

/// Returns once `condition` holds, looking again every 50 ms; the test's time limit bounds the wait.
func waitUntilAsync(_ condition: () -> Bool) async {
    while !condition() { try? await Task.sleep(for: .milliseconds(50)) }
}
