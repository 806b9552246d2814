import NATSTestSupport
import Testing

@testable import NATS

/// Which of the servers a real cluster announces in `INFO` join a client's reconnect pool.
@Suite(.serialized) struct DiscoveredServerTests {
    func poolSize(_ client: NATSClient) -> Int { client.state.withLock { $0.pool.urls.count } }

    @Test func announcedServersJoinUnlessIgnored() async throws {
        try await TestNATSCluster.withCluster(nodes: 3) { cluster in
            let learning = try await connect(urls: [cluster.urls[0]])
            try await learning.flush()
            #expect(poolSize(learning) == 3)
            let ignoring = try await connect(urls: [cluster.urls[0]]) { $0.ignoreDiscoveredServers = true }
            try await ignoring.flush()
            #expect(poolSize(ignoring) == 1)
            await learning.close()
            await ignoring.close()
        }
    }

    @Test func credentialsAreNotOfferedToAnnouncedServersWithoutTLS() async throws {
        try await TestNATSCluster.withCluster(nodes: 3, config: "authorization { user: sluice, password: pw }") { cluster in
            let client = try await connect(urls: [cluster.urls[0]]) { $0.auth = .userPassword(user: "sluice", password: "pw") }
            try await client.flush()
            #expect(poolSize(client) == 1)
            await client.close()
        }
    }
}
