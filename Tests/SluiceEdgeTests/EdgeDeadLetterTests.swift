import Foundation
import JetStream
import NATSTestSupport
import NIOCore
import SQLiteNIO
import SluiceEdge
import Testing

/// Changes the store cannot take: one the store refuses is tried `max_deliver` times while its store's later changes
/// wait, then goes to the dead letters with the reason; one that does not decode goes there at once.
@Suite(.serialized) struct EdgeDeadLetterTests {
    @Test func aChangeTheStoreRefusesGoesToTheDeadLettersAndTheChangesAfterItFollow() async throws {
        try await withTimeout(.seconds(240), "for the refused change to reach the dead letters") {
            let harness = try await EdgeHarness.start(edges: ["edge-a"])
            do {
                var config = harness.config(edge: "edge-a", products: [Product(id: "acme", tier: .critical, stores: ["s1", "s2"])])
                config.maxDeliver = 3
                try await Self.refuse(object: "document:poison", in: config.storePath)
                let agent = try await harness.startAgent(config)

                let one = TupleKey(object: "document:1", relation: "viewer", user: "user:anne")
                let poison = TupleKey(object: "document:poison", relation: "viewer", user: "user:anne")
                let three = TupleKey(object: "document:3", relation: "viewer", user: "user:anne")
                let folder = TupleKey(object: "folder:x", relation: "owner", user: "user:carl")
                try await harness.publisher.publish(TupleChange(storeID: "s1", objectType: "document", writes: [one], changeID: "d1"))
                try await harness.publisher.publish(TupleChange(storeID: "s1", objectType: "document", writes: [poison], changeID: "d2"))
                try await harness.publisher.publish(
                    TupleChange(storeID: "s1", objectType: "document", writes: [three], deletes: [one], changeID: "d3")
                )
                try await harness.publisher.publish(TupleChange(storeID: "s2", objectType: "folder", writes: [folder], changeID: "d4"))
                let context = JetStreamContext(client: harness.ops, timeout: .seconds(10))
                try await context.publish("rsfga.changes.s1.write.document", payload: ByteBuffer(bytes: [0xff, 0x01, 0x02]))

                try await agent.waitForTuple(three, in: "s1")
                try await agent.waitForTuple(folder, in: "s2")
                while try await agent.store.deadLetterCount() < 2 { try await Task.sleep(for: .milliseconds(50)) }

                let reasons = try await agent.store.deadLetterReasons()
                #expect(reasons.count == 2)
                #expect(
                    reasons.contains { $0.contains("gave up after 3 attempts (max_deliver)") && $0.contains("the store refuses document:poison") },
                    "\(reasons)"
                )
                #expect(reasons.contains { $0.hasPrefix("cannot decode the change") }, "\(reasons)")
                let stored = try await agent.store.tuples(store: "s1").map(ChangeWorkload.text)
                #expect(stored == [ChangeWorkload.text(three)], "d3 applied after d2 gave up, deleting what d1 wrote")
                #expect(try await agent.store.appliedCount() == 3)
                #expect(agent.agent.counts.retries == 2)
                #expect(agent.agent.counts.deadLetters == 2)
                await agent.stop()
            } catch {
                await harness.stop()
                throw error
            }
            await harness.stop()
        }
    }

    /// Makes the store at `path` refuse every tuple of `object`, as a store that cannot take a change would.
    static func refuse(object: String, in path: String) async throws {
        let store = try await EdgeStore.open(path: path)
        try await store.close()
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        _ = try await connection.query(
            """
            CREATE TRIGGER refuse_object BEFORE INSERT ON tuples WHEN NEW.object = '\(object)'
            BEGIN SELECT RAISE(ABORT, 'the store refuses \(object)'); END
            """
        )
        try await connection.close()
    }
}
