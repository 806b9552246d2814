/// A NATS deployment in tiers, read from one YAML file: a central cluster with JetStream, regional clusters joined to
/// it by gateways and listening for leaf nodes, and edge servers that are leaf nodes of their region.
///
/// Secrets are never values of the file: a password is the name of the environment variable that holds it, and the
/// rendered configurations refer to that variable (`password: $NAME`), which `nats-server` resolves at start.
public struct Topology: Sendable, Hashable {
    /// The address servers listen on and are reached at when a server names none. Default `127.0.0.1`.
    public var host: String = "127.0.0.1"
    /// Where servers keep their JetStream stores, one folder per server. Default `data`.
    public var storage: String = "data"
    /// The account of the servers' own traffic (`system_account`). Default `SYSTEM`.
    public var systemAccount: String = "SYSTEM"
    /// The accounts, with their users and permissions.
    public var accounts: [Account] = []
    /// The central cluster; it holds the streams.
    public var central: Cluster
    /// The regional clusters.
    public var regions: [Cluster] = []
    /// The edge servers.
    public var edges: [Edge] = []
    /// TLS on every listener and connection, when set.
    public var tls: TLS?
    /// The subjects and stream of the tuple changes, which the leaf permissions are derived from.
    public var sync = Sync()

    /// Creates a topology with only a central cluster.
    public init(central: Cluster) {
        self.central = central
    }

    /// Every cluster, central first.
    public var clusters: [Cluster] { [central] + regions }

    /// The region an edge is a leaf of.
    public func region(of edge: Edge) -> Cluster? { regions.first { $0.name == edge.region } }

    /// The account a name refers to.
    public func account(named name: String) -> Account? { accounts.first { $0.name == name } }
}

extension Topology {
    /// An account: its users and whether it may use JetStream.
    public struct Account: Sendable, Hashable {
        /// The account's name, e.g. `RSFGA`.
        public var name: String
        /// Whether JetStream is enabled for it.
        public var jetStream: Bool = false
        /// Its users.
        public var users: [User] = []

        /// Creates an account.
        public init(name: String, jetStream: Bool = false, users: [User] = []) {
            self.name = name
            self.jetStream = jetStream
            self.users = users
        }
    }

    /// A user of an account, with the variable holding its password and what it may publish and subscribe to.
    public struct User: Sendable, Hashable {
        /// The user name.
        public var name: String
        /// The environment variable holding the password.
        public var passwordEnv: String
        /// Subjects it may publish to; `nil` means no limit, an empty list nothing.
        public var publish: [String]?
        /// Subjects it may subscribe to; `nil` means no limit, an empty list nothing.
        public var subscribe: [String]?
        /// Connection types it may use (`LEAFNODE`, `STANDARD`); empty means any.
        public var connectionTypes: [String] = []

        /// Creates a user.
        public init(name: String, passwordEnv: String, publish: [String]? = nil, subscribe: [String]? = nil, connectionTypes: [String] = []) {
            self.name = name
            self.passwordEnv = passwordEnv
            self.publish = publish
            self.subscribe = subscribe
            self.connectionTypes = connectionTypes
        }
    }

    /// A cluster of servers: the central one, or a region.
    public struct Cluster: Sendable, Hashable {
        /// The cluster's name; also its gateway's name.
        public var name: String
        /// Its servers.
        public var servers: [Server]
        /// JetStream on its servers, if any.
        public var jetStream: JetStream?
        /// For a region: the leaf-node listener edges connect to.
        public var leafNodes: LeafNodes?

        /// Creates a cluster.
        public init(name: String, servers: [Server], jetStream: JetStream? = nil, leafNodes: LeafNodes? = nil) {
            self.name = name
            self.servers = servers
            self.jetStream = jetStream
            self.leafNodes = leafNodes
        }
    }

    /// One server's name, address and ports; a port left out is the conventional one when rendering, and a free one
    /// when ``TopologyRunner`` starts the topology.
    public struct Server: Sendable, Hashable {
        /// The `server_name`, unique in the topology.
        public var name: String
        /// The address it listens on; `nil` is the topology's ``Topology/host``.
        public var host: String?
        /// The client port (4222).
        public var port: Int?
        /// The monitoring port (8222).
        public var monitorPort: Int?
        /// The route port of its cluster (6222).
        public var clusterPort: Int?
        /// The gateway port (7222).
        public var gatewayPort: Int?
        /// The leaf-node port, for a region (7422).
        public var leafNodePort: Int?

        /// Creates a server with conventional ports.
        public init(name: String) {
            self.name = name
        }
    }

    /// JetStream settings of a server.
    public struct JetStream: Sendable, Hashable {
        /// The JetStream domain; an edge's defaults to its name.
        public var domain: String?
        /// `max_memory_store` in bytes.
        public var maxMemory: Int?
        /// `max_file_store` in bytes.
        public var maxFile: Int?

        /// Creates settings.
        public init(domain: String? = nil, maxMemory: Int? = nil, maxFile: Int? = nil) {
            self.domain = domain
            self.maxMemory = maxMemory
            self.maxFile = maxFile
        }
    }

    /// A region's leaf-node listener: the account edges are bound to and the variable holding their password.
    public struct LeafNodes: Sendable, Hashable {
        /// The account leaf connections are bound to.
        public var account: String
        /// The environment variable holding the password of the region's leaf users.
        public var passwordEnv: String

        /// Creates a listener.
        public init(account: String, passwordEnv: String) {
            self.account = account
            self.passwordEnv = passwordEnv
        }
    }

    /// An edge server: a leaf node of its region with a JetStream domain of its own.
    public struct Edge: Sendable, Hashable {
        /// The edge's id; its server's name, its consumer `edge-<name>` and its default domain.
        public var name: String
        /// The region it is a leaf of.
        public var region: String
        /// Its server's address and ports.
        public var server: Server
        /// Its local JetStream.
        public var jetStream: JetStream
        /// The local user the edge agent connects as.
        public var agent: User

        /// Creates an edge.
        public init(name: String, region: String, agent: User) {
            self.name = name
            self.region = region
            self.server = Server(name: name)
            self.jetStream = JetStream(domain: name)
            self.agent = agent
        }

        /// The JetStream domain of its server.
        public var domain: String { jetStream.domain ?? name }

        /// The leaf user its region knows it by.
        public var leafUser: String { "leaf-\(name)" }

        /// The environment variable that holds its leaf remote's URL (with the password), e.g. `SLUICE_LEAF_URL_EDGE_1`.
        public var leafURLEnv: String {
            "SLUICE_LEAF_URL_" + String(name.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
        }
    }

    /// TLS files and whether clients must present a certificate.
    public struct TLS: Sendable, Hashable {
        /// The CA that signs every certificate of the topology.
        public var caFile: String
        /// The servers' certificate (also presented as a client by routes, gateways and leaf nodes).
        public var certFile: String
        /// Its key.
        public var keyFile: String
        /// Whether peers must present a certificate signed by the CA. Default `true`.
        public var verify: Bool = true

        /// Creates TLS settings.
        public init(caFile: String, certFile: String, keyFile: String, verify: Bool = true) {
            self.caFile = caFile
            self.certFile = certFile
            self.keyFile = keyFile
            self.verify = verify
        }
    }

    /// The names the edge sync uses, from which an edge's leaf permissions follow.
    public struct Sync: Sendable, Hashable {
        /// The stream of changes, `RSFGA_CHANGES`.
        public var stream: String = "RSFGA_CHANGES"
        /// The prefix of change subjects, `rsfga.changes`.
        public var changesPrefix: String = "rsfga.changes"
        /// The prefix of control subjects, `rsfga.control`.
        public var controlPrefix: String = "rsfga.control"

        /// The default names.
        public init() {}
    }
}
