import EmbeddedNATS
import Foundation
import NATSTestSupport
import Testing

/// The three-node cluster helper: routes form, a node can crash and come back.
@Suite struct TestNATSClusterTests {
    @Test func threeNodesFormAClusterAndANodeComesBackAfterACrash() async throws {
        try await TestNATSCluster.withCluster(nodes: 3) { cluster in
            #expect(cluster.nodes.count == 3)
            #expect(Set(cluster.urls).count == 3)
            for node in cluster.nodes {
                let info = await LoopbackProbe.firstLine(port: node.port)
                #expect(info?.contains("\"cluster\":\"\(cluster.name)\"") == true, "got \(info ?? "nothing")")
            }
            let storeDirectories = Set(cluster.nodes.map(\.storeDirectory))
            #expect(storeDirectories.count == 3)

            await cluster.kill(node: 1)
            #expect(await !LoopbackProbe.isAccepting(port: cluster.nodes[1].port))
            #expect(await LoopbackProbe.isAccepting(port: cluster.nodes[0].port))
            #expect(await LoopbackProbe.isAccepting(port: cluster.nodes[2].port))

            try await cluster.restart(node: 1)
            #expect(cluster.nodes.allSatisfy { $0.isRunning })
            #expect(await LoopbackProbe.isAccepting(port: cluster.nodes[1].port))
        }
    }
}
