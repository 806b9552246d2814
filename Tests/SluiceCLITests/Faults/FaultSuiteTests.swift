import Foundation
import NATSTestSupport
import SluiceElasticsearch
import Synchronization
import Testing

/// The fault suite: records flow over HTTP ingest through a pipeline on JetStream (three roles as processes on a
/// 3-node cluster) and one on the SQLite queue, into a search server, while each `sluice` process is SIGKILLed and
/// restarted at seeded random moments, a nats-server node restarts, the search server stops answering, and malformed,
/// oversized and wrong-typed records come in among the good ones. At the end one line says where every accepted record
/// went, and the test fails unless each is indexed or dead-lettered and no document went back to an older version.
///
/// `make test` runs the reduced suite (one crash of each role, a 5-second outage); `make faults` sets
/// `SLUICE_FAULTS=full`: three crashes of each role, two node restarts and a 30-second outage over several minutes.
/// `SLUICE_TEST_SEED` repeats a run's moments.
@Suite(.serialized) struct FaultSuiteTests {
    /// How much of everything a run does.
    struct Plan: Sendable {
        var crashesPerRole: Int
        var nodeRestarts: Int
        var outage: Duration
        /// Faults happen at random moments within this span from the start of the load.
        var span: Duration
        var minimumBatches: Int

        static let reduced = Plan(crashesPerRole: 1, nodeRestarts: 1, outage: .seconds(5), span: .seconds(15), minimumBatches: 20)
        static let full = Plan(crashesPerRole: 3, nodeRestarts: 2, outage: .seconds(30), span: .seconds(150), minimumBatches: 200)

        static var current: Plan { ProcessInfo.processInfo.environment["SLUICE_FAULTS"] == "full" ? .full : .reduced }
    }

    @Test func everyAcceptedRecordIsIndexedOrDeadLettered() async throws {
        let plan = Plan.current
        var random = SeededRandom()
        print("fault suite: \(random)")
        try await TestNATSCluster.withCluster(nodes: 3) { cluster in
            try await TestOSMemServer.withServer { search in
                let counter = try await SinkCounter.start(upstream: search.url)
                let setup = try FaultSetup(nats: cluster.urls, sink: counter.url)
                defer {
                    for role in setup.roles { role.killIfRunning() }
                    setup.directory.remove()
                }
                for role in setup.roles { try role.start() }
                let faultsDone = StopFlag()
                let seed = random.seed
                let load = Task { [setup] in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for (offset, lane) in setup.lanes.enumerated() {
                            group.addTask {
                                var laneRandom = SeededRandom(seed: seed &+ UInt64(offset + 1))
                                var number = 0
                                while !faultsDone.isSet || number < plan.minimumBatches {
                                    try await lane.sendBatch(number, using: &laneRandom)
                                    number += 1
                                    try await Task.sleep(for: .milliseconds(20))
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                }
                do {
                    try await Self.inject(plan, roles: setup.roles, cluster: cluster, search: search, using: &random)
                } catch {
                    load.cancel()
                    throw error
                }
                faultsDone.set()
                try await load.value

                let client = try await ElasticsearchClient.connect(ElasticsearchConfiguration(url: search.url))
                defer { Task { try? await client.shutdown() } }
                let tally = try await Self.waitForTally(setup.lanes, client: client, roles: setup.roles)
                let line =
                    "fault suite (\(random)): \(tally); duplicates absorbed by the sink \(counter.absorbed); "
                    + "refused at ingest \(tally.refused); bodies sent again \(tally.resent)"
                print(line)
                #expect(tally.holds, "\(line); dead letters of good records: \(tally.unexpectedLetters)")
                for role in setup.roles { #expect(try await role.stop() == 0, "\(role.name):\n\(role.output.suffix(3000))") }
                await counter.stop()
            }
        }
    }

    /// Crashes each role, restarts nodes and stops the search server at random moments within the plan's span, one
    /// fault at a time in the order of their moments.
    static func inject(
        _ plan: Plan,
        roles: [SluiceRole],
        cluster: TestNATSCluster,
        search: TestOSMemServer,
        using random: inout SeededRandom
    ) async throws {
        enum Fault {
            case crash(SluiceRole)
            case restartNode(Int)
            case outage
        }
        var faults: [(at: Duration, fault: Fault)] = []
        let span = Int(plan.span.components.seconds * 1000)
        func moment() -> Duration { .milliseconds(Int.random(in: 0...span, using: &random)) }
        for role in roles { for _ in 0..<plan.crashesPerRole { faults.append((moment(), .crash(role))) } }
        for _ in 0..<plan.nodeRestarts { faults.append((moment(), .restartNode(Int.random(in: 0..<3, using: &random)))) }
        faults.append((moment(), .outage))
        let start = ContinuousClock.now
        for (at, fault) in faults.sorted(by: { $0.at < $1.at }) {
            try await Task.sleep(until: start + at)
            switch fault {
            case .crash(let role):
                print("fault suite: +\(ContinuousClock.now - start) SIGKILL \(role.name)")
                try await role.crashAndRestart()
            case .restartNode(let node):
                print("fault suite: +\(ContinuousClock.now - start) restart nats-server node \(node)")
                try await cluster.restart(node: node)
            case .outage:
                print("fault suite: +\(ContinuousClock.now - start) search server stopped for \(plan.outage)")
                search.suspend()
                try await Task.sleep(for: plan.outage)
                search.resume()
            }
        }
    }

    /// Waits until every lane's index and dead letters account for what it accepted, or gives the last tally after a
    /// liveness bound.
    static func waitForTally(_ lanes: [FaultLane], client: ElasticsearchClient, roles: [SluiceRole]) async throws -> FaultTally {
        let deadline = ContinuousClock.now + .seconds(240)
        var last = FaultTally()
        while ContinuousClock.now < deadline {
            var total = FaultTally()
            for lane in lanes {
                let documents = (try? await FaultTally.documents(client, index: lane.index)) ?? [:]
                let letters = (try? await FaultTally.deadLetterIDs(lane.deadLettersURL)) ?? []
                total = total + FaultTally(ledger: lane.recorded, documents: documents, letters: letters)
            }
            if total.holds { return total }
            last = total
            try await Task.sleep(for: .seconds(1))
        }
        print(roles.map { "--- \($0.name)\n\($0.output.suffix(2000))" }.joined(separator: "\n"))
        return last
    }
}

/// The configuration files, roles and lanes of one run, in a scratch directory.
struct FaultSetup: Sendable {
    let directory: ScratchDirectory
    let roles: [SluiceRole]
    let lanes: [FaultLane]

    init(nats: [String], sink: String) throws {
        directory = try ScratchDirectory("faults")
        let path = directory.path
        let ingestPort = try FreePort.claim()
        let writePort = try FreePort.claim()
        let queuePort = try FreePort.claim()
        let urls = nats.map { "\"\($0)\"" }.joined(separator: ", ")
        let common = """
            transport: jetstream
            nats: {urls: [\(urls)]}
            data_dir: ${SLUICE_DATA_DIR}
            log: {level: warning}
            streams:
              - {name: FAULTS_IN, subjects: ["faults.in.>"], replicas: 3}
              - {name: FAULTS_OUT, subjects: ["faults.out.>"], replicas: 3}

            """
        try directory.write(
            "ingest.yaml",
            common + """
                server: {listen: "127.0.0.1:\(ingestPort)"}
                pipelines:
                  - name: ingest
                    source: {type: http}
                    record: {id_field: id, version_field: version, resource_type: items_js, max_bytes: 4KB}
                    sink: {type: publish, subject: "faults.in.{resource_type}"}

                """
        )
        try directory.write(
            "lane.yaml",
            common + """
                elasticsearch:
                  sink: {url: "\(sink)", timeout: 2s}
                pipelines:
                  - name: gateway
                    source: {type: jetstream, stream: FAULTS_IN, subjects: ["faults.in.>"]}
                    sink: {type: publish, subject: "faults.out.{resource_type}"}
                  - name: write
                    source: {type: jetstream, stream: FAULTS_OUT, subjects: ["faults.out.>"]}
                    sink:
                      type: elasticsearch
                      cluster: sink
                      indices: {items_js: {mappings: {properties: {price: {type: integer}, version: {type: long}}}}}
                    retry: {backoff: [200ms, 500ms, 1s], max_deliver: 3}

                """
        )
        try directory.write(
            "queue.yaml",
            """
            transport: sqlite
            data_dir: ${SLUICE_DATA_DIR}
            log: {level: warning}
            server: {listen: "127.0.0.1:\(queuePort)"}
            elasticsearch:
              sink: {url: "\(sink)", timeout: 2s}
            pipelines:
              - name: queue
                source: {type: http}
                record: {id_field: id, version_field: version, resource_type: items_sqlite, max_bytes: 4KB}
                sink:
                  type: elasticsearch
                  cluster: sink
                  indices: {items_sqlite: {mappings: {properties: {price: {type: integer}, version: {type: long}}}}}
                retry: {backoff: [200ms, 500ms, 1s], max_deliver: 3}

            """
        )
        func role(_ name: String, _ arguments: [String]) -> SluiceRole {
            SluiceRole(
                name,
                arguments: arguments + ["--log-format", "text"],
                directory: path,
                environment: ["SLUICE_DATA_DIR": "\(path)/\(name)"]
            )
        }
        roles = [
            role("ingest", ["run", "\(path)/ingest.yaml"]),
            role("gateway", ["gateway", "\(path)/lane.yaml", "--listen", "127.0.0.1:0"]),
            role("write", ["write", "\(path)/lane.yaml", "--listen", "127.0.0.1:\(writePort)"]),
            role("queue", ["run", "\(path)/queue.yaml"]),
        ]
        lanes = [
            FaultLane(
                name: "jetstream",
                ingestURL: "http://127.0.0.1:\(ingestPort)/ingest/ingest",
                index: "items_js",
                deadLettersURL: "http://127.0.0.1:\(writePort)/dlq?pipeline=write"
            ),
            FaultLane(
                name: "sqlite",
                ingestURL: "http://127.0.0.1:\(queuePort)/ingest/queue",
                index: "items_sqlite",
                deadLettersURL: "http://127.0.0.1:\(queuePort)/dlq?pipeline=queue"
            ),
        ]
    }
}

/// Set once, read from any task.
final class StopFlag: Sendable {
    private let value = Atomic(false)
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
}
