/// Where each server of a topology listens: the ports from the file, and for those left out either the conventional
/// ones (for configurations of servers on their own hosts) or free ones on this machine (to run them all here).
public struct TopologyAddresses: Sendable, Hashable {
    /// One server's address and ports.
    public struct Server: Sendable, Hashable {
        /// The address it listens on and is reached at.
        public var host: String
        /// The client port.
        public var port: Int
        /// The monitoring port.
        public var monitorPort: Int
        /// The route port, for a clustered server.
        public var clusterPort: Int?
        /// The gateway port, for a central or regional server.
        public var gatewayPort: Int?
        /// The leaf-node port, for a regional server.
        public var leafNodePort: Int?

        /// The client URL, e.g. `nats://127.0.0.1:4222`.
        public var url: String { "nats://\(host):\(port)" }
        /// The monitoring URL, e.g. `http://127.0.0.1:8222`.
        public var monitorURL: String { "http://\(host):\(monitorPort)" }
    }

    /// The servers by name.
    public var servers: [String: Server]

    /// Addresses from the file, with conventional ports (4222, 8222, 6222, 7222, 7422) where it gives none.
    public static func conventional(_ topology: Topology) -> TopologyAddresses {
        resolve(topology, host: nil) { kind in kind.conventionalPort }
    }

    /// Addresses on `host`, with free ports where the file gives none.
    public static func local(_ topology: Topology, host: String = "127.0.0.1", freePort: (PortKind) throws -> Int) rethrows -> TopologyAddresses {
        try resolve(topology, host: host, port: freePort)
    }

    /// The kinds of port a server may have.
    public enum PortKind: Sendable {
        case client, monitor, cluster, gateway, leafNode

        var conventionalPort: Int {
            switch self {
            case .client: 4222
            case .monitor: 8222
            case .cluster: 6222
            case .gateway: 7222
            case .leafNode: 7422
            }
        }
    }

    private static func resolve(_ topology: Topology, host override: String?, port: (PortKind) throws -> Int) rethrows -> TopologyAddresses {
        var servers: [String: Server] = [:]
        func address(_ server: Topology.Server, clustered: Bool, gateway: Bool, leafNodes: Bool) throws -> Server {
            Server(
                host: override ?? server.host ?? topology.host,
                port: try server.port ?? port(.client),
                monitorPort: try server.monitorPort ?? port(.monitor),
                clusterPort: clustered ? try server.clusterPort ?? port(.cluster) : nil,
                gatewayPort: gateway ? try server.gatewayPort ?? port(.gateway) : nil,
                leafNodePort: leafNodes ? try server.leafNodePort ?? port(.leafNode) : nil
            )
        }
        for cluster in topology.clusters {
            for server in cluster.servers {
                servers[server.name] = try address(
                    server,
                    clustered: cluster.servers.count > 1,
                    gateway: !topology.regions.isEmpty,
                    leafNodes: cluster.leafNodes != nil
                )
            }
        }
        for edge in topology.edges {
            servers[edge.name] = try address(edge.server, clustered: false, gateway: false, leafNodes: false)
        }
        return TopologyAddresses(servers: servers)
    }
}
