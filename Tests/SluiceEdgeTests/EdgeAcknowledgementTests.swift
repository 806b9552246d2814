import Foundation
import JetStream
import NATSTestSupport
import SluiceEdge
import Testing

/// The agent acknowledges by batch: one acknowledgement settles everything up to it, and a consumer an earlier version
/// created with explicit acknowledgements is replaced by one starting after its ack floor.
@Suite(.serialized) struct EdgeAcknowledgementTests {
    @Test func theAckFloorReachesTheLastChangeWithNothingLeftPending() async throws {
        try await withTimeout(.seconds(240), "for the changes to be applied and acknowledged") {
            let harness = try await EdgeHarness.start(edges: ["edge-a"])
            do {
                let agent = try await harness.startAgent(
                    harness.config(edge: "edge-a", products: [Product(id: "acme", tier: .critical, stores: ["s1"])])
                )
                let acks = try await harness.publisher.publishBatch(ChangeWorkload.changes(store: "s1", range: 0..<700, prefix: "ack"))
                let last = try #require(acks.map(\.sequence).max())
                try await agent.waitForApplied(700)
                let context = JetStreamContext(client: harness.ops, timeout: .seconds(10))
                var info = try await context.consumerInfo(stream: "RSFGA_CHANGES", name: "edge-edge-a")
                while info.ackFloor.streamSequence < last {
                    try await Task.sleep(for: .milliseconds(50))
                    info = try await context.consumerInfo(stream: "RSFGA_CHANGES", name: "edge-edge-a")
                }
                #expect(info.config.ackPolicy == .all)
                #expect(info.numAckPending == 0)
                #expect(info.numRedelivered == 0)
                #expect(agent.agent.counts.acks == 700)
                await agent.stop()

                // With one replica asked for, the consumer is updated in place: its position stays, nothing before it comes again.
                var single = harness.config(edge: "edge-a", products: [Product(id: "acme", tier: .critical, stores: ["s1"])])
                single.consumerReplicas = 1
                let restarted = try await harness.startAgent(single)
                let more = try await harness.publisher.publishBatch(ChangeWorkload.changes(store: "s1", range: 700..<750, prefix: "ack"))
                let newest = try #require(more.map(\.sequence).max())
                try await restarted.waitForApplied(750)
                var updated = try await context.consumerInfo(stream: "RSFGA_CHANGES", name: "edge-edge-a")
                while updated.ackFloor.streamSequence < newest {
                    try await Task.sleep(for: .milliseconds(50))
                    updated = try await context.consumerInfo(stream: "RSFGA_CHANGES", name: "edge-edge-a")
                }
                #expect(updated.config.replicas == 1)
                #expect(updated.numRedelivered == 0)
                // Had the position been lost, the first 700 changes would all have come before the new ones. Moving the
                // consumer's replicas can lose deliveries in flight; the agent then reads that gap from the stream, so
                // some of the new changes may come twice, never one of the first 700.
                let counts = restarted.agent.counts
                #expect(counts.applied == 50)
                #expect(counts.duplicates <= 50, "none of the first 700 changes came again")
                await restarted.stop()
            } catch {
                await harness.stop()
                throw error
            }
            await harness.stop()
        }
    }

    @Test func aConsumerWithExplicitAcknowledgementsIsReplacedFromItsAckFloor() async throws {
        try await withTimeout(.seconds(240), "for the replaced consumer to deliver the rest") {
            let harness = try await EdgeHarness.start(edges: ["edge-a"])
            do {
                // What an earlier version left: the durable consumer with explicit acknowledgements, ten changes acked.
                let context = JetStreamContext(client: harness.ops, timeout: .seconds(10))
                let old = ConsumerConfig(durableName: "edge-edge-a", filterSubjects: ["rsfga.changes.s1.>"], ackPolicy: .explicit, maxDeliver: -1)
                try await context.createConsumer(stream: "RSFGA_CHANGES", config: old)
                let early = ChangeWorkload.changes(store: "s1", range: 0..<10, prefix: "old")
                _ = try await harness.publisher.publishBatch(early)
                let consumer = PullConsumer(context: context, stream: "RSFGA_CHANGES", name: "edge-edge-a")
                var taken = 0
                while taken < 10 {
                    for try await message in try await consumer.fetch(batch: 10 - taken, expires: .seconds(2)) {
                        try await message.ackSync()
                        taken += 1
                    }
                }
                let floor = try await context.consumerInfo(stream: "RSFGA_CHANGES", name: "edge-edge-a").ackFloor.streamSequence
                let later = ChangeWorkload.changes(store: "s1", range: 10..<30, prefix: "old")
                _ = try await harness.publisher.publishBatch(later)

                let agent = try await harness.startAgent(
                    harness.config(edge: "edge-a", products: [Product(id: "acme", tier: .critical, stores: ["s1"])])
                )
                try await agent.waitForApplied(20)
                let info = try await context.consumerInfo(stream: "RSFGA_CHANGES", name: "edge-edge-a")
                #expect(info.config.ackPolicy == .all)
                #expect(info.config.deliverPolicy == .byStartSequence(floor + 1))
                try await Task.sleep(for: .milliseconds(500))
                #expect(try await agent.store.appliedCount() == 20, "what the old consumer had acknowledged is not delivered again")
                let stored = try await agent.store.tuples(store: "s1", limit: 1000).map(ChangeWorkload.text)
                #expect(Set(stored) == ChangeWorkload.endState(later), "the changes after the floor, all of them")
                await agent.stop()
            } catch {
                await harness.stop()
                throw error
            }
            await harness.stop()
        }
    }
}
