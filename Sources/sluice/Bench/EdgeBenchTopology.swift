import Foundation
import JetStream
import Logging
import NATS
import SluiceEdge
import SluiceSQLite
import SluiceTopology
import Synchronization

/// The topology `sluice bench edge` runs on, with the stream, a publisher at central and the two edges' agents.
final class EdgeBenchTopology: Sendable {
    let running: RunningTopology
    let client: NATSClient
    let publisher: ChangePublisher
    let directory: String
    let environment: [String: String]
    /// How the edges' stores sync their commits.
    let synchronous: SynchronousMode
    /// The edges' consumers' replicas (`nil`: the stream's).
    let consumerReplicas: Int?
    /// When each change of the latency run was published, by change id.
    let published = Mutex<[String: ContinuousClock.Instant]>([:])
    /// Publish-to-commit times of the latency run, in milliseconds.
    let latencies = Mutex<[Double]>([])

    private init(
        running: RunningTopology,
        client: NATSClient,
        publisher: ChangePublisher,
        directory: String,
        environment: [String: String],
        synchronous: SynchronousMode,
        consumerReplicas: Int?
    ) {
        self.synchronous = synchronous
        self.consumerReplicas = consumerReplicas
        self.running = running
        self.client = client
        self.publisher = publisher
        self.directory = directory
        self.environment = environment
    }

    static func start(directory: String, synchronous: SynchronousMode, consumerReplicas: Int?) async throws -> EdgeBenchTopology {
        var environment: [String: String] = [:]
        for name in ["ADMIN", "OPS", "LEAF", "AGENT"] { environment["BENCH_\(name)_PASS"] = "bench-" + UUID().uuidString }
        var topology = Topology(
            central: Topology.Cluster(
                name: "central",
                servers: ["central-1", "central-2", "central-3"].map(Topology.Server.init(name:)),
                jetStream: Topology.JetStream(domain: "central", maxMemory: 256 << 20, maxFile: 8 << 30)
            )
        )
        topology.accounts = [
            Topology.Account(name: "SYSTEM", users: [Topology.User(name: "admin", passwordEnv: "BENCH_ADMIN_PASS")]),
            Topology.Account(name: "RSFGA", jetStream: true, users: [Topology.User(name: "ops", passwordEnv: "BENCH_OPS_PASS")]),
        ]
        topology.regions = [
            Topology.Cluster(
                name: "region",
                servers: [Topology.Server(name: "region-1")],
                leafNodes: Topology.LeafNodes(account: "RSFGA", passwordEnv: "BENCH_LEAF_PASS")
            )
        ]
        let agentUser = Topology.User(name: "agent", passwordEnv: "BENCH_AGENT_PASS")
        topology.edges = ["edge-1", "edge-2"].map { Topology.Edge(name: $0, region: "region", agent: agentUser) }
        let running = try await TopologyRunner.up(topology, directory: "\(directory)/servers", environment: environment)
        do {
            var options = NATSClientOptions(servers: running.urls(ofCluster: "central"))
            options.auth = .userPassword(user: "ops", password: environment["BENCH_OPS_PASS"]!)
            let client = try await NATSClient.connect(options)
            let context = JetStreamContext(client: client, timeout: .seconds(10))
            var stream = ChangeStream()
            stream.maxBytes = 4 << 30
            stream.placementCluster = "central"
            try await stream.ensure(in: context)
            return EdgeBenchTopology(
                running: running,
                client: client,
                publisher: ChangePublisher(context: context),
                directory: directory,
                environment: environment,
                synchronous: synchronous,
                consumerReplicas: consumerReplicas
            )
        } catch {
            await running.stop()
            throw error
        }
    }

    func stop() async {
        await client.close()
        await running.stop()
    }

    func config(edge: String) -> EdgeConfig {
        var nats = EdgeConfig.NATS(urls: [running.url(of: edge)!], user: "agent", password: environment["BENCH_AGENT_PASS"]!)
        nats.domain = "central"
        var config = EdgeConfig(
            id: edge,
            nats: nats,
            storePath: "\(directory)/\(edge).sqlite",
            products: ProductRegistry([Product(id: "bench", tier: .critical, stores: ["bench"], implied: ["viewer": ["editor"]])])
        )
        config.synchronous = synchronous
        config.consumerReplicas = consumerReplicas
        return config
    }

    /// Starts an agent; the returned closure stops it.
    func startAgent(edge: String) async throws -> (agent: EdgeAgent, stop: @Sendable () async -> Void) {
        let config = config(edge: edge)
        let store = try await EdgeStore.open(path: config.storePath, synchronous: config.synchronous)
        let logger = Logger(label: "bench.\(edge)", factory: { _ in SwiftLogNoOpLogHandler() })
        let client = try await EdgeAgent.connect(config.nats, name: "bench-\(edge)", logger: logger)
        let agent = EdgeAgent(config: config, client: client, store: store, logger: logger) { [self] changes in
            let now = ContinuousClock.now
            let times = self.published.withLock { map in changes.compactMap { map[$0.changeID] } }
            guard !times.isEmpty else { return }
            let values = times.map { start in
                let elapsed = (now - start).components
                return Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
            }
            self.latencies.withLock { $0 += values }
        }
        let task = Task { try await agent.run() }
        return (
            agent,
            {
                task.cancel()
                _ = await task.result
                await client.close()
                try? await store.close()
            }
        )
    }

    static func changes(_ range: Range<Int>, run: String) -> [TupleChange] {
        range.map { index in
            TupleChange(
                storeID: "bench",
                objectType: "document",
                writes: [TupleKey(object: "document:\(index)", relation: index % 3 == 0 ? "editor" : "viewer", user: "user:\(index % 1000)")],
                changeID: "\(run)-\(index)"
            )
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func waitForApplied(_ agent: EdgeAgent, _ count: Int) async throws {
        while try await agent.store.appliedCount() < count { try await Task.sleep(for: .milliseconds(5)) }
    }

    func measure(into result: inout EdgeBenchResult, changes: Int, rate: Int, seconds: Int, backlog: Int, checks: Int) async throws {
        let clock = ContinuousClock()
        let first = try await startAgent(edge: "edge-1")
        let second = try await startAgent(edge: "edge-2")
        while !first.agent.readiness.isReady || !second.agent.readiness.isReady { try await Task.sleep(for: .milliseconds(50)) }

        // Apply rate: the agents run while the changes are published as fast as the stream takes them.
        let start = clock.now
        try await publisher.publishBatch(Self.changes(0..<changes, run: "apply"))
        result.publishedChangesPerSecond = Double(changes) / Self.seconds(clock.now - start)
        try await Self.waitForApplied(first.agent, changes)
        result.appliedChangesPerSecond = Double(changes) / Self.seconds(clock.now - start)
        // The latency run starts once the second edge has applied them too: changes queued behind its backlog would
        // time the backlog, not the path.
        try await Self.waitForApplied(second.agent, changes)

        // Latency: one change at a time at a fixed rate.
        let publisherWindow = try await publisher.context.makePublisher()
        let total = rate * seconds
        let interval = Duration.seconds(1) / rate
        let latencyStart = clock.now
        for (index, change) in Self.changes(changes..<(changes + total), run: "latency").enumerated() {
            try await clock.sleep(until: latencyStart.advanced(by: interval * index))
            let (subject, payload) = try publisher.encode(change)
            published.withLock { $0[change.changeID] = clock.now }
            try await publisherWindow.publish(subject, payload: payload, options: PublishOptions(messageID: change.changeID))
        }
        try await publisherWindow.waitForPendingAcks()
        await publisherWindow.close()
        // Both edges' commits are timed: read them once both have applied the last change and reported it (an agent
        // reports a commit just after it, so the store's count can be ahead of the timings for a moment).
        try await Self.waitForApplied(first.agent, changes + total)
        try await Self.waitForApplied(second.agent, changes + total)
        let reported = clock.now + .seconds(10)
        while latencies.withLock({ $0.count }) < 2 * total, clock.now < reported { try await Task.sleep(for: .milliseconds(5)) }
        let measured = latencies.withLock { $0 }
        result.latencyChanges = measured.count
        result.publishToAppliedP50Milliseconds = OutboxBenchCommand.percentile(measured, 0.50)
        result.publishToAppliedP99Milliseconds = OutboxBenchCommand.percentile(measured, 0.99)

        // Catch-up: a backlog published while the first edge's agent is stopped.
        await first.stop()
        try await publisher.publishBatch(Self.changes((changes + total)..<(changes + total + backlog), run: "backlog"))
        let restarted = try await startAgent(edge: "edge-1")
        let catchUpStart = clock.now
        try await Self.waitForApplied(restarted.agent, changes + total + backlog)
        result.catchUpChangesPerSecond = Double(backlog) / Self.seconds(clock.now - catchUpStart)

        // Local checks on the filled store.
        let checker = LocalCheck(store: restarted.agent.store, maxDepth: 5)
        var times: [Double] = []
        times.reserveCapacity(checks)
        for index in 0..<checks {
            let object = "document:\(index * 7 % (changes + total + backlog))"
            let before = clock.now
            _ = try await checker.check(
                store: "bench",
                object: object,
                relation: "viewer",
                user: "user:\(index % 1000)",
                implied: ["viewer": ["editor"]]
            )
            let elapsed = (clock.now - before).components
            times.append(Double(elapsed.seconds) * 1e6 + Double(elapsed.attoseconds) / 1e12)
        }
        result.checkP50Microseconds = OutboxBenchCommand.percentile(times, 0.50)
        result.checkP99Microseconds = OutboxBenchCommand.percentile(times, 0.99)
        await restarted.stop()
        await second.stop()
    }
}
