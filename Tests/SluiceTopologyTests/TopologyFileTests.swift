import Foundation
import SluiceRuntime
import Testing
import TopologyTestSupport

@testable import SluiceTopology

@Suite struct TopologyFileTests {
    @Test func aValidFileReadsAllTiers() throws {
        let topology = try Topology.parse(TopologyFixtures.yaml())
        #expect(topology.central.servers.map(\.name) == ["central-1", "central-2", "central-3"])
        #expect(topology.central.jetStream?.domain == "central")
        #expect(topology.regions.map(\.name) == ["us-west"])
        #expect(topology.edges.map(\.name) == ["edge-a", "edge-b"])
        #expect(topology.edges[0].domain == "edge-a")
        #expect(topology.account(named: "RSFGA")?.users.first { $0.name == "writer" }?.publish == ["rsfga.changes.>"])
    }

    @Test func checkNamesEveryProblemWithItsLineAndField() throws {
        let text = """
            accounts:
              RSFGA:
                users:
                  - user: writer
                    password: plain-text
                    publish: ["rsfga..changes"]
            central:
              cluster: central
              servers: [c1, c1]
            regions:
              - cluster: r1
                servers: [r1-1]
                leafnodes:
                  account: NOPE
                  password_env: 9BAD
            edges:
              - name: e1
                region: elsewhere
                agent_password_env: AGENT
                port: 99999
            """
        let error = #expect(throws: ConfigError.self) { try Topology.parse(text, file: "topo.yaml") }
        let issues = error?.issues ?? []
        let found = issues.map { "\($0.line):\($0.path)" }
        #expect(found.contains("5:accounts.RSFGA.users[0].password"), "an unknown key: \(found)")
        #expect(found.contains("4:accounts.RSFGA.users[0].password_env"), "a missing password variable: \(found)")
        #expect(found.contains("6:accounts.RSFGA.users[0].publish"), "a malformed subject: \(found)")
        #expect(found.contains("8:central.jetstream"), "central without JetStream: \(found)")
        #expect(found.contains("15:regions[0].leafnodes.password_env"), "a bad variable name: \(found)")
        #expect(found.contains("18:edges[0].region"), "an unknown region: \(found)")
        #expect(found.contains("20:edges[0].port"), "a port out of range: \(found)")
        #expect(found.contains { $0.hasSuffix(":system_account") || $0.hasSuffix(":accounts") }, "no system account: \(found)")
        #expect(found.contains("9:central.servers[1]"), "a server name used twice: \(found)")
        #expect(error?.description.contains("topo.yaml:18:") == true)
    }

    @Test func renderedConfigurationsReferToSecretsAndNarrowTheLeaf() throws {
        let topology = try Topology.parse(TopologyFixtures.yaml())
        let servers = TopologyRenderer(topology: topology, addresses: .conventional(topology)).render()
        #expect(servers.map(\.name) == ["central-1", "central-2", "central-3", "us-west-1", "edge-a", "edge-b"])
        let all = servers.map(\.text).joined(separator: "\n")
        for secret in TopologyFixtures.environment.values { #expect(!all.contains(secret)) }
        #expect(all.contains("password: $T_WRITER_PASS"))

        let central = servers[0].text
        #expect(central.contains("domain: \"central\""))
        #expect(central.contains("nats-route://127.0.0.1:6222"))
        #expect(central.contains("{name: \"us-west\", urls: [\"nats://127.0.0.1:7222\"]}"))

        let region = servers[3].text
        #expect(region.contains("leafnodes {"))
        #expect(region.contains("user: \"leaf-edge-a\", password: $T_LEAF_PASS, allowed_connection_types: [\"LEAFNODE\"]"))
        #expect(region.contains("publish: {allow: [\"$JS.central.API.>\", \"$JS.ACK.RSFGA_CHANGES.edge-edge-a.>\""))
        #expect(region.contains("subscribe: {allow: [\"_INBOX.>\", \"rsfga.control.sync.edge-a\", \"rsfga.control.invalidate.>\"]}"))
        #expect(!region.contains("\"rsfga.control.sync.edge-b\"]}}\n") || region.contains("leaf-edge-b"))

        let edge = servers[4]
        #expect(edge.role == .edge)
        #expect(edge.text.contains("url: $SLUICE_LEAF_URL_EDGE_A"))
        #expect(edge.text.contains("deny_imports: [\"rsfga.changes.>\"]"))
        #expect(edge.text.contains("deny_exports: [\"rsfga.changes.>\", \"rsfga.control.>\"]"))
        #expect(edge.text.contains("domain: \"edge-a\""))
        #expect(edge.environment.contains("SLUICE_LEAF_URL_EDGE_A"))
    }

    @Test func upRefusesMissingSecretsByName() async throws {
        let topology = try Topology.parse(TopologyFixtures.yaml())
        var environment = TopologyFixtures.environment
        environment["T_WRITER_PASS"] = nil
        environment["T_LEAF_PASS"] = nil
        let error = await #expect(throws: TopologyError.self) {
            _ = try await TopologyRunner.up(topology, directory: "/tmp/unused", environment: environment)
        }
        #expect(error?.message.contains("T_WRITER_PASS") == true)
        #expect(error?.message.contains("T_LEAF_PASS") == true)
    }
}

@Suite struct TopologyExampleTests {
    @Test func theExampleChecks() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let topology = try Topology.load(file: "\(repository)/config/topology.example.yaml")
        #expect(topology.edges.map(\.name) == ["edge-tokyo-1", "edge-london-1"])
    }
}

@Suite struct TopologyPasswordTests {
    @Test func upRefusesAPasswordNATSServerWouldNotReadAsAString() async throws {
        let topology = try Topology.parse(TopologyFixtures.yaml())
        var environment = TopologyFixtures.environment
        environment["T_WRITER_PASS"] = "4f1c9a2e-secret"
        let error = await #expect(throws: TopologyError.self) {
            _ = try await TopologyRunner.up(topology, directory: "/tmp/unused", environment: environment)
        }
        #expect(error?.message.contains("T_WRITER_PASS") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("starts with a digit") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("4f1c9a2e") == false, "the password is never printed")
    }

    @Test(arguments: ["2026-01-01", "-x", "Yes", "pass word", "pa#ss", "a\"b"])
    func valuesReadAsSomethingElseAreNamed(value: String) {
        #expect(TopologyRunner.unreadableAsString(value) != nil)
    }

    @Test(arguments: ["s3cret", "Writer_Pass-2026", "x!@$%^&*()"])
    func valuesReadAsStringsPass(value: String) {
        #expect(TopologyRunner.unreadableAsString(value) == nil)
    }
}
