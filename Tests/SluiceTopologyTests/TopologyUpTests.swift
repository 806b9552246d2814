import Foundation
import JetStream
import NATS
import NATSTestSupport
import SluiceTopology
import Testing
import TopologyTestSupport

/// The topology started by `TopologyRunner.up` (what `sluice topology up` runs), against real nats-servers: the
/// users' permissions hold, an edge reaches the central JetStream through its domain across the leaf, and subjects
/// outside the leaf rules do not cross it.
@Suite(.serialized) struct TopologyUpTests {
    static func connect(_ url: String, user: String, password: String, echo: Bool = true) async throws -> NATSClient {
        var options = NATSClientOptions(servers: [url])
        options.echo = echo
        options.auth = .userPassword(user: user, password: password)
        options.reconnect.enabled = false
        return try await NATSClient.connect(options)
    }

    static func password(_ name: String) -> String { TopologyFixtures.environment[name]! }

    @Test func permissionsDomainsAndLeafRules() async throws {
        try await withTimeout(.seconds(180), "for the topology test") {
            let running = try await TopologyFixtures.up()
            do {
                try await Self.checkPermissions(running)
                try await Self.checkDomains(running)
                try await Self.checkLeafRules(running)
            } catch {
                await running.stop()
                throw error
            }
            await running.stop()
        }
    }

    /// `writer` may publish changes and nothing else; `reader` may subscribe to them and publish nothing.
    static func checkPermissions(_ running: RunningTopology) async throws {
        let url = running.url(of: "central-2")!
        let ops = try await connect(url, user: "ops", password: password("T_OPS_PASS"))
        let js = JetStreamContext(client: ops)
        var stream = StreamConfig(name: "RSFGA_CHANGES", subjects: ["rsfga.changes.>"])
        stream.replicas = 3
        _ = try await js.createOrUpdateStream(stream)

        let reader = try await connect(url, user: "reader", password: password("T_READER_PASS"))
        let changes = try await reader.subscribe("rsfga.changes.>")
        try await reader.flush()

        let writer = try await connect(running.url(of: "central-1")!, user: "writer", password: password("T_WRITER_PASS"))
        let ack = try await JetStreamContext(client: writer).publish("rsfga.changes.s1.write.document", "x")
        #expect(ack.stream == "RSFGA_CHANGES")
        var iterator = changes.makeAsyncIterator()
        #expect(try await iterator.next()?.subject == "rsfga.changes.s1.write.document")

        let denied = await #expect(throws: NATSError.self) {
            _ = try await writer.request("rsfga.control.sync.edge-a", payload: .init(), timeout: .seconds(5))
        }
        #expect(denied?.code == .permissionViolation)
        #expect(denied?.description.lowercased().contains("permissions violation for publish") == true)

        let readerDenied = await #expect(throws: NATSError.self) {
            _ = try await reader.request("rsfga.changes.s1.write.document", payload: .init(), timeout: .seconds(5))
        }
        #expect(readerDenied?.code == .permissionViolation)
        for client in [ops, reader, writer] { await client.close() }
    }

    /// The agent on an edge has its own JetStream domain locally and reaches the central one through its domain.
    static func checkDomains(_ running: RunningTopology) async throws {
        let agent = try await connect(running.url(of: "edge-a")!, user: "agent", password: password("T_AGENT_PASS"))
        #expect(try await JetStreamContext(client: agent).accountInfo().domain == "edge-a")
        let central = JetStreamContext(client: agent, domain: "central")
        #expect(try await central.accountInfo().domain == "central")
        let info = try await central.streamInfo("RSFGA_CHANGES")
        #expect(info.state.messages >= 1)
        await agent.close()
    }

    /// Only inbox replies and an edge's own control subjects reach it; nothing but API requests, acknowledgements and
    /// replies leaves it.
    static func checkLeafRules(_ running: RunningTopology) async throws {
        let ops = try await connect(running.url(of: "central-3")!, user: "ops", password: password("T_OPS_PASS"))
        let edgeA = try await connect(running.url(of: "edge-a")!, user: "agent", password: password("T_AGENT_PASS"), echo: false)
        let received = try await edgeA.subscribe(">")
        try await edgeA.flush()
        let upstream = try await ops.subscribe("from.edge.>")
        try await ops.flush()
        // Interest travels across the gateway and the leaf before the probes go out.
        try await Task.sleep(for: .seconds(1))

        for subject in ["rsfga.changes.s1.write.document", "other.subject", "rsfga.control.sync.edge-b", "rsfga.control.sync.edge-a"] {
            try await ops.publish(subject, payload: .init(string: subject))
        }
        try await ops.flush()
        var iterator = received.makeAsyncIterator()
        let first = try await iterator.next()
        #expect(first?.subject == "rsfga.control.sync.edge-a", "the edge's own control subject crosses, and is the first to")

        try await edgeA.publish("from.edge.a", payload: .init(string: "should stay"))
        try await edgeA.flush()
        // The marker goes after the probes on the same path; once it arrived, the probes would have too.
        try await ops.publish("rsfga.control.invalidate.marker", payload: .init(string: "marker"))
        try await ops.flush()
        let next = try await iterator.next()
        #expect(next?.subject == "rsfga.control.invalidate.marker", "nothing outside the rules arrived in between")
        let leaked = try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                var upstreamIterator = upstream.makeAsyncIterator()
                return try await upstreamIterator.next()?.subject
            }
            group.addTask {
                try await Task.sleep(for: .seconds(2))
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
        #expect(leaked == nil, "a subject outside the rules left the edge: \(leaked ?? "")")
        for client in [ops, edgeA] { await client.close() }
    }
}
