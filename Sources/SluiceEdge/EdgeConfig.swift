import SluiceHTTPAuth
import SluiceRuntime
import SluiceSQLite

/// The settings of one edge sync agent (`sluice edge CONFIG`), described in docs/edge.md.
public struct EdgeConfig: Sendable, Hashable {
    /// The edge's id; its consumer is `edge-<id>` and its control subject `rsfga.control.sync.<id>`.
    public var id: String
    /// How the agent reaches its local NATS server.
    public var nats: NATS
    /// The SQLite file of the local store.
    public var storePath: String
    /// How hard each commit of the store is synced to the disk before its changes are acknowledged. Default
    /// ``SluiceSQLite/SynchronousMode/full``: an acknowledged change survives a power loss; `normal` survives a crash
    /// of the agent only (see docs/edge.md).
    public var synchronous: SynchronousMode = .full
    /// The address of the edge's HTTP API. Default `127.0.0.1:8090`.
    public var listen: String = "127.0.0.1:8090"
    /// Who may call the HTTP API (`edge.auth`, the shape of `server.auth`); off by default, which only a loopback
    /// ``listen`` allows.
    public var auth = ServerAuthSettings()
    /// Names accepted in `Host` besides the loopback names and the listening host; `*` accepts any.
    public var allowedHosts: [String] = []
    /// Origins whose cross-site requests are answered; any other request with an `Origin` header is refused.
    public var allowedOrigins: [String] = []
    /// The products.
    public var products: ProductRegistry
    /// The change stream. Default `RSFGA_CHANGES`.
    public var stream: String = "RSFGA_CHANGES"
    /// The change subjects' prefix. Default `rsfga.changes`.
    public var changesPrefix: String = ChangeSubjects.defaultPrefix
    /// The control subjects' prefix. Default `rsfga.control`.
    public var controlPrefix: String = ChangeSubjects.defaultControlPrefix
    /// Deliveries of a change before it goes to the dead letters. Default 3.
    public var maxDeliver: Int = 3
    /// How long a failed change waits before its next delivery. Default 5 s.
    public var nakDelay: Duration = .seconds(5)
    /// How long the server waits for an acknowledgement before delivering again. Default 30 s.
    public var ackWait: Duration = .seconds(30)
    /// The most changes delivered and not yet acknowledged. Default 1,000.
    public var maxAckPending: Int = 1000
    /// The durable consumer's replicas; `nil` (the default) follows the stream's. One replica lowers the latency from
    /// publish to applied (one server keeps the consumer's state instead of a group agreeing on it) but does not fail
    /// over: while its server is down the edge receives nothing.
    public var consumerReplicas: Int?
    /// Changes applied at once when caught up. Default 3.
    public var concurrency: Int = 3
    /// Changes applied at once while catching up. Default 10.
    public var catchUpConcurrency: Int = 10
    /// The consumer's pending count above which the agent is catching up. Default 1,000.
    public var catchUpAbove: Int = 1000
    /// The pending count above which `/readyz` reports degraded. Default 10,000.
    public var lagThreshold: Int = 10_000
    /// How often the consumer's lag is read. Default 1 s.
    public var lagInterval: Duration = .seconds(1)
    /// The regional API checks of cache-mode products are forwarded to.
    public var regional: Regional?
    /// How long a forwarded answer is cached. Default 30 s.
    public var cacheTTL: Duration = .seconds(30)
    /// How many usersets a check follows before giving up. Default 5.
    public var checkDepth: Int = 5

    /// Creates settings with the defaults.
    public init(id: String, nats: NATS, storePath: String, products: ProductRegistry) {
        self.id = id
        self.nats = nats
        self.storePath = storePath
        self.products = products
    }

    /// Why the API must not listen on `listen` as configured: an address other machines can reach, without ``auth``;
    /// `nil` when it may.
    public func exposureProblem(listen: String) -> String? {
        guard !auth.isEnabled else { return nil }
        var host = listen.lastIndex(of: ":").map { String(listen[..<$0]) } ?? listen
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !HostPolicy.isLoopback(host) else { return nil }
        return "\(listen) is not a loopback address, and the API would be open to anyone who reaches it: "
            + "configure edge.auth (tokens or jwt; see docs/edge.md) or listen on 127.0.0.1"
    }

    /// The durable consumer's name.
    public var consumerName: String { "edge-\(id)" }

    /// How the agent connects.
    public struct NATS: Sendable, Hashable {
        /// The local server's URLs.
        public var urls: [String]
        /// The user, if the server needs one.
        public var user: String?
        /// The password (read from the variable the file names).
        public var password: String?
        /// The JetStream domain of the change stream (the central one); `nil` for the local JetStream.
        public var domain: String?
        /// The CA that signs the server's certificate, for TLS.
        public var caFile: String?
        /// The client certificate, for servers that verify clients.
        public var certFile: String?
        /// Its key.
        public var keyFile: String?

        /// Creates settings.
        public init(urls: [String], user: String? = nil, password: String? = nil, domain: String? = nil) {
            self.urls = urls
            self.user = user
            self.password = password
            self.domain = domain
        }
    }

    /// The regional API.
    public struct Regional: Sendable, Hashable {
        /// Its base URL, e.g. `http://region:8080`.
        public var url: String
        /// How long a forwarded check may take. Default 2 s.
        public var timeout: Duration = .seconds(2)

        /// Creates settings.
        public init(url: String, timeout: Duration = .seconds(2)) {
            self.url = url
            self.timeout = timeout
        }
    }
}
