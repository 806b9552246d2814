import Foundation
import NATSTestSupport
public import SluiceTopology

/// The topology the tests start: a central cluster of three servers with JetStream, one region with a leaf-node
/// listener, and edges that are leaf nodes of it, with the accounts and users of the change stream.
public enum TopologyFixtures {
    /// The passwords the topology names, as the environment would hold them.
    public static let environment = [
        "T_ADMIN_PASS": "admin-secret-1",
        "T_OPS_PASS": "ops-secret-2",
        "T_WRITER_PASS": "writer-secret-3",
        "T_READER_PASS": "reader-secret-4",
        "T_LEAF_PASS": "leaf-secret-5",
        "T_AGENT_PASS": "agent-secret-6",
    ]

    public static func yaml(edges: [String] = ["edge-a", "edge-b"], tls: String = "") -> String {
        var text = """
            system_account: SYSTEM
            accounts:
              SYSTEM:
                users:
                  - user: admin
                    password_env: T_ADMIN_PASS
              RSFGA:
                jetstream: true
                users:
                  - user: ops
                    password_env: T_OPS_PASS
                  - user: writer
                    password_env: T_WRITER_PASS
                    publish: ["rsfga.changes.>"]
                    subscribe: ["_INBOX.>"]
                  - user: reader
                    password_env: T_READER_PASS
                    publish: []
                    subscribe: ["rsfga.changes.>", "_INBOX.>"]
            central:
              cluster: central
              servers: [central-1, central-2, central-3]
              jetstream:
                domain: central
                max_memory_store: 64MB
                max_file_store: 1GB
            regions:
              - cluster: us-west
                servers: [us-west-1]
                leafnodes:
                  account: RSFGA
                  password_env: T_LEAF_PASS
            edges:

            """
        for edge in edges {
            text += """
                  - name: \(edge)
                    region: us-west
                    agent_password_env: T_AGENT_PASS
                    jetstream:
                      max_file_store: 256MB

                """
        }
        return text + tls
    }

    /// Starts the topology in a fresh directory.
    public static func up(edges: [String] = ["edge-a", "edge-b"], tls: String = "") async throws -> RunningTopology {
        let topology = try Topology.parse(yaml(edges: edges, tls: tls))
        return try await TopologyRunner.up(topology, directory: try TestDirectory.make(prefix: "topology"), environment: environment)
    }
}
