import EmbeddedNATS
import Foundation

/// A topology running on this machine: one `nats-server` child process per server, each in its own folder.
///
/// ```swift
/// let running = try await TopologyRunner.up(topology, directory: "/tmp/topo", environment: secrets)
/// print(running.summary())
/// await running.stop()
/// ```
public final class RunningTopology: Sendable {
    /// The topology.
    public let topology: Topology
    /// Where each server listens.
    public let addresses: TopologyAddresses
    /// The configurations the servers run.
    public let rendered: [RenderedServer]
    /// The servers by name.
    public let servers: [String: NATSServerProcess]
    /// The folder holding every server's folder.
    public let directory: String

    init(topology: Topology, addresses: TopologyAddresses, rendered: [RenderedServer], servers: [String: NATSServerProcess], directory: String) {
        self.topology = topology
        self.addresses = addresses
        self.rendered = rendered
        self.servers = servers
        self.directory = directory
    }

    /// A server's client URL, e.g. `nats://127.0.0.1:40123`.
    public func url(of server: String) -> String? { addresses.servers[server]?.url }

    /// The client URLs of a cluster's servers.
    public func urls(ofCluster name: String) -> [String] {
        rendered.filter { $0.cluster == name && $0.role != .edge }.map(\.address.url)
    }

    /// Stops one server (SIGTERM), as an outage would; ``start(server:)`` brings it back on the same ports and store.
    public func stop(server name: String) async {
        await servers[name]?.stop()
    }

    /// Kills one server with SIGKILL.
    public func kill(server name: String) async {
        await servers[name]?.kill()
    }

    /// Starts a stopped server again and waits until it is ready.
    public func start(server name: String) async throws {
        guard let server = servers[name] else { throw TopologyError("no server is called \(name)") }
        try await server.start()
    }

    /// Stops every server, edges first.
    public func stop() async {
        let order = rendered.reversed().map(\.name)
        for name in order { await servers[name]?.stop() }
    }

    /// What runs where, one line per server.
    public func summary() -> String {
        rendered.map { server in
            var parts = ["\(server.role.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(server.name)", "client \(server.address.url)"]
            parts.append("monitor \(server.address.monitorURL)")
            if let port = server.address.clusterPort { parts.append("routes :\(port)") }
            if let port = server.address.gatewayPort { parts.append("gateway :\(port)") }
            if let port = server.address.leafNodePort { parts.append("leafnodes :\(port)") }
            if server.role == .edge { parts.append("leaf of \(server.cluster)") }
            return parts.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
