import EmbeddedNATS
import Foundation

/// A cluster of real `nats-server` processes on loopback, each with its own store, routed to
/// each other, with JetStream clustered: for R3 streams, failover and reconnect tests.
///
/// ```swift
/// let cluster = try await TestNATSCluster.start(nodes: 3)
/// defer { Task { await cluster.stop() } }
/// await cluster.kill(node: 1)
/// try await cluster.restart(node: 1)
/// ```
public final class TestNATSCluster: Sendable {
    /// The nodes, in order; node `i` is named `n<i+1>`.
    public let nodes: [NATSServerProcess]
    /// The temp directory holding every node's directory; removed by ``stop()``.
    public let directory: String
    /// The cluster name.
    public let name: String

    private init(nodes: [NATSServerProcess], directory: String, name: String) {
        self.nodes = nodes
        self.directory = directory
        self.name = name
    }

    /// The client URLs of all nodes.
    public var urls: [String] { nodes.map(\.url) }

    /// Starts `nodes` servers routed into one cluster and waits until every route is up and
    /// JetStream reports healthy on every node.
    ///
    /// - Parameters:
    ///   - nodes: How many servers. Default 3.
    ///   - extra: Configuration text appended to every node's file.
    ///   - jetStream: Whether JetStream is on. Default `true`.
    ///   - timeout: How long to wait for the cluster to form. Default 60 s.
    public static func start(
        nodes count: Int = 3,
        config extra: String = "",
        jetStream: Bool = true,
        timeout: Duration = .seconds(60)
    ) async throws -> TestNATSCluster {
        precondition(count >= 1, "a cluster needs at least one node")
        let directory = try TestDirectory.make(prefix: "cluster")
        let name = "sluice-test-\(directory.suffix(8))"
        do {
            let routePorts = try (0..<count).map { _ in try LoopbackProbe.freePort() }
            let nodes = try (0..<count).map { index in
                try NATSServerProcess(
                    configuration: nodeConfiguration(
                        index: index,
                        routePorts: routePorts,
                        clusterName: name,
                        directory: directory,
                        extra: extra,
                        jetStream: jetStream
                    )
                )
            }
            let cluster = TestNATSCluster(nodes: nodes, directory: directory, name: name)
            do {
                for node in nodes { try node.launch() }
                try await cluster.waitUntilFormed(timeout: timeout)
            } catch {
                await cluster.stop()
                throw error
            }
            return cluster
        } catch {
            TestDirectory.remove(directory)
            throw error
        }
    }

    /// Starts a cluster, runs `body` with it, and stops it however `body` ends.
    public static func withCluster<Result>(
        nodes count: Int = 3,
        config extra: String = "",
        _ body: (TestNATSCluster) async throws -> Result
    ) async throws -> Result {
        let cluster = try await start(nodes: count, config: extra)
        do {
            let result = try await body(cluster)
            await cluster.stop()
            return result
        } catch {
            await cluster.stop()
            throw error
        }
    }

    /// Waits until every running node is ready and routed to every other running node.
    public func waitUntilFormed(timeout: Duration = .seconds(60)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        let running = nodes.filter(\.isRunning)
        for node in running {
            try await node.waitUntilReady(timeout: clock.now.duration(to: deadline))
        }
        while true {
            var missing: [String] = []
            for node in running {
                let peers = await routedPeers(of: node)
                if peers < running.count - 1 { missing.append("\(node.configuration.serverName ?? node.url) has \(peers)") }
            }
            if missing.isEmpty { return }
            guard clock.now < deadline else {
                throw TestSupportError(
                    "cluster \(name) did not form within \(timeout): \(missing.joined(separator: ", ")) of \(running.count - 1) routes"
                )
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Kills node `index` with SIGKILL, as a crash would.
    public func kill(node index: Int) async {
        await nodes[index].kill()
    }

    /// Stops node `index` gracefully (SIGTERM).
    public func stop(node index: Int) async {
        await nodes[index].stop()
    }

    /// Starts node `index` again on the same ports and store, and waits until the cluster has formed again.
    public func restart(node index: Int, timeout: Duration = .seconds(60)) async throws {
        await nodes[index].stop()
        try nodes[index].launch()
        try await waitUntilFormed(timeout: timeout)
    }

    /// Stops every node and removes the cluster's directory.
    public func stop() async {
        await withTaskGroup(of: Void.self) { group in
            for node in nodes { group.addTask { await node.stop() } }
        }
        TestDirectory.remove(directory)
    }

    /// How many distinct servers `node` has a route to, from its `/routez` (a server may hold
    /// several pooled connections to one peer).
    private func routedPeers(of node: NATSServerProcess) async -> Int {
        guard let monitorPort = node.monitorPort,
            let response = await LoopbackProbe.httpGet(port: monitorPort, path: "/routez"),
            response.status == 200,
            let object = try? JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any],
            let routes = object["routes"] as? [[String: Any]]
        else { return 0 }
        return Set(routes.compactMap { $0["remote_id"] as? String }).count
    }

    private static func nodeConfiguration(
        index: Int,
        routePorts: [Int],
        clusterName: String,
        directory: String,
        extra: String,
        jetStream: Bool
    ) -> NATSServerConfiguration {
        let routes = routePorts.enumerated().filter { $0.offset != index }.map { "\"nats-route://127.0.0.1:\($0.element)\"" }
        let clusterBlock = """
            cluster {
                name: "\(clusterName)"
                listen: "127.0.0.1:\(routePorts[index])"
                routes: [\(routes.joined(separator: ", "))]
            }
            """
        var configuration = NATSServerConfiguration(
            directory: "\(directory)/n\(index + 1)",
            extraConfig: extra.isEmpty ? clusterBlock : clusterBlock + "\n" + extra
        )
        configuration.serverName = "n\(index + 1)"
        configuration.jetStream = jetStream
        configuration.startupTimeout = .seconds(60)
        return configuration
    }
}
