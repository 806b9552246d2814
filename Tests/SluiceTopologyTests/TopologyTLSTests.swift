import EmbeddedNATS
import Foundation
import JetStream
import NATS
import NATSTestSupport
import SluiceTopology
import Testing
import TopologyTestSupport

/// A topology with TLS and verification on every link: what its CA signed is let in, a server presenting a
/// certificate of another CA is refused.
@Suite(.serialized) struct TopologyTLSTests {
    static let yaml = """
        accounts:
          SYSTEM:
            users: [{user: admin, password_env: T_ADMIN_PASS}]
          RSFGA:
            jetstream: true
            users: [{user: ops, password_env: T_OPS_PASS}]
        central:
          cluster: central
          servers: [central-1, central-2, central-3]
          jetstream: {domain: central}
        regions:
          - cluster: us-west
            servers: [us-west-1]
            leafnodes: {account: RSFGA, password_env: T_LEAF_PASS}
        edges:
          - name: edge-a
            region: us-west
            agent_password_env: T_AGENT_PASS

        """

    @Test func theTopologysCertificatesConnectAndAnotherCAsAreRefused() async throws {
        try await withTimeout(.seconds(180), "for the TLS topology") {
            let directory = try TestDirectory.make(prefix: "topology-tls")
            defer { TestDirectory.remove(directory) }
            let files = try DevelopmentCertificates.generate(in: "\(directory)/tls")
            let other = try DevelopmentCertificates.generate(in: "\(directory)/other", commonName: "Another CA")
            let text = Self.yaml + "tls:\n  ca_file: \(files.caFile)\n  cert_file: \(files.certFile)\n  key_file: \(files.keyFile)\n  verify: true\n"
            let topology = try Topology.parse(text)
            let running = try await TopologyRunner.up(topology, directory: "\(directory)/servers", environment: TopologyFixtures.environment)
            do {
                // The agent on the edge, with the topology's certificate, reaches central across gateway and leaf.
                var options = NATSClientOptions(servers: [running.url(of: "edge-a")!])
                options.auth = .userPassword(user: "agent", password: TopologyFixtures.environment["T_AGENT_PASS"]!)
                options.tls = NATSTLSOptions(caFile: files.caFile, certificateFile: files.certFile, keyFile: files.keyFile)
                let agentOptions = options
                let agent = try await withTimeout(.seconds(30), "connecting with TLS") { try await NATSClient.connect(agentOptions) }
                let domain = try await withTimeout(.seconds(30), "reaching central over TLS") {
                    try await JetStreamContext(client: agent, domain: "central").accountInfo().domain
                }
                #expect(domain == "central")
                await agent.close()

                // A client with another CA's certificate is refused.
                var foreignClient = NATSClientOptions(servers: [running.url(of: "central-1")!])
                foreignClient.auth = .userPassword(user: "ops", password: TopologyFixtures.environment["T_OPS_PASS"]!)
                foreignClient.tls = NATSTLSOptions(caFile: files.caFile, certificateFile: other.certFile, keyFile: other.keyFile)
                foreignClient.reconnect.enabled = false
                let foreignOptions = foreignClient
                await #expect(throws: (any Error).self) {
                    _ = try await withTimeout(.seconds(30), "connecting with another CA's certificate") {
                        let client = try await NATSClient.connect(foreignOptions)
                        try await client.flush()
                        return client
                    }
                }

                // A server presenting another CA's certificate cannot become a leaf node of the region.
                let leafPort = running.addresses.servers["us-west-1"]!.leafNodePort!
                var foreign = NATSServerConfiguration(
                    directory: "\(directory)/foreign",
                    extraConfig: """
                        leafnodes {
                            remotes: [{
                                url: "nats-leaf://leaf-edge-a:\(TopologyFixtures.environment["T_LEAF_PASS"]!)@127.0.0.1:\(leafPort)"
                                tls { cert_file: "\(other.certFile)", key_file: "\(other.keyFile)", ca_file: "\(files.caFile)" }
                            }]
                        }
                        """
                )
                foreign.jetStream = false
                let regionLog = running.servers["us-west-1"]!.logFile
                let before = ((try? String(contentsOfFile: regionLog, encoding: .utf8)) ?? "").count
                let server = try await NATSServerProcess.start(foreign)
                let refused = try await withTimeout(.seconds(30), "for the region to refuse the foreign leaf's certificate") {
                    try await Self.waitForLog(regionLog) { text in
                        let added = text.dropFirst(before).lowercased()
                        return added.contains("leafnode") && added.contains("certificate")
                    }
                }
                #expect(refused, "the region's log shows the leaf's certificate refused")
                let leafs = await LoopbackProbe.httpGet(port: server.monitorPort!, path: "/leafz")
                #expect(leafs?.body.contains("\"leafnodes\": 0") == true, "the foreign server has no leaf connection")
                await server.stop()
            } catch {
                await running.stop()
                throw error
            }
            await running.stop()
        }
    }

    /// Reads the log until `condition` holds (the test's time limit bounds the wait).
    static func waitForLog(_ path: String, _ condition: (String) -> Bool) async throws -> Bool {
        while true {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            if condition(text) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
