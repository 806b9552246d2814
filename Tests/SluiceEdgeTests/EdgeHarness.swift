import Foundation
import JetStream
import Logging
import NATS
import NATSTestSupport
import SluiceEdge
import SluiceTopology
import TopologyTestSupport

/// A started topology with the change stream, a publisher at central, and edge agents run in this process.
final class EdgeHarness: Sendable {
    let running: RunningTopology
    let ops: NATSClient
    let publisher: ChangePublisher
    let directory: String

    private init(running: RunningTopology, ops: NATSClient, directory: String) {
        self.running = running
        self.ops = ops
        self.publisher = ChangePublisher(context: JetStreamContext(client: ops, timeout: .seconds(10)))
        self.directory = directory
    }

    /// Starts the topology with `edges` and creates the stream (R3 in the central cluster).
    static func start(edges: [String]) async throws -> EdgeHarness {
        let running = try await TopologyFixtures.up(edges: edges)
        do {
            var options = NATSClientOptions(servers: running.urls(ofCluster: "central"))
            options.auth = .userPassword(user: "ops", password: TopologyFixtures.environment["T_OPS_PASS"]!)
            let ops = try await NATSClient.connect(options)
            var stream = ChangeStream()
            stream.maxBytes = 512 * 1024 * 1024
            stream.placementCluster = "central"
            try await stream.ensure(in: JetStreamContext(client: ops, timeout: .seconds(10)))
            return EdgeHarness(running: running, ops: ops, directory: try TestDirectory.make(prefix: "edge-stores"))
        } catch {
            await running.stop()
            throw error
        }
    }

    func stop() async {
        await ops.close()
        await running.stop()
        TestDirectory.remove(directory)
    }

    /// The configuration of the agent of `edge` with `products`.
    func config(edge: String, products: [Product]) -> EdgeConfig {
        var nats = EdgeConfig.NATS(urls: [running.url(of: edge)!], user: "agent", password: TopologyFixtures.environment["T_AGENT_PASS"]!)
        nats.domain = "central"
        var config = EdgeConfig(id: edge, nats: nats, storePath: "\(directory)/\(edge).sqlite", products: ProductRegistry(products))
        config.nakDelay = .milliseconds(500)
        config.lagInterval = .milliseconds(200)
        return config
    }

    /// Starts an agent; ``RunningAgent/stop()`` ends it.
    func startAgent(_ config: EdgeConfig) async throws -> RunningAgent {
        let store = try await EdgeStore.open(path: config.storePath, synchronous: config.synchronous)
        let logger = Logger(label: "edge-test.\(config.id)")
        let client = try await EdgeAgent.connect(config.nats, name: "edge-test-\(config.id)", logger: logger)
        let agent = EdgeAgent(config: config, client: client, store: store, logger: logger)
        let task = Task { try await agent.run() }
        return RunningAgent(agent: agent, task: task)
    }
}

/// An agent running in a task.
struct RunningAgent: Sendable {
    let agent: EdgeAgent
    let task: Task<Void, any Error>

    var store: EdgeStore { agent.store }

    func stop() async {
        task.cancel()
        _ = await task.result
        await agent.client.close()
        try? await agent.store.close()
    }

    /// Waits until the store holds `count` applied changes.
    func waitForApplied(_ count: Int) async throws {
        while try await store.appliedCount() < count { try await Task.sleep(for: .milliseconds(50)) }
    }

    /// Waits until the store has `tuple` in `store`.
    func waitForTuple(_ tuple: TupleKey, in storeID: String) async throws {
        while try await store.tuples(store: storeID, object: tuple.object, relation: tuple.relation, user: tuple.user).isEmpty {
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// Changes with a known end state: change i writes `document:i#viewer@user:<i % 50>`, and every tenth also deletes
/// what change i - 5 wrote.
enum ChangeWorkload {
    static func changes(store: String, range: Range<Int>, prefix: String) -> [TupleChange] {
        range.map { index in
            var deletes: [TupleKey] = []
            if index % 10 == 0, index >= 5 { deletes.append(tuple(index - 5)) }
            return TupleChange(
                storeID: store,
                objectType: "document",
                writes: [tuple(index)],
                deletes: deletes,
                changeID: "\(prefix)-\(store)-\(index)"
            )
        }
    }

    static func tuple(_ index: Int) -> TupleKey {
        TupleKey(object: "document:\(index)", relation: "viewer", user: "user:\(index % 50)")
    }

    /// The tuples applying `changes` in order leaves.
    static func endState(_ changes: [TupleChange]) -> Set<String> {
        var tuples: Set<String> = []
        for change in changes {
            for key in change.deletes { tuples.remove(text(key)) }
            for key in change.writes { tuples.insert(text(key)) }
        }
        return tuples
    }

    static func text(_ key: TupleKey) -> String { "\(key.object)#\(key.relation)@\(key.user)" }
}
