public import Logging

/// How a ``NATSClient`` connects, authenticates, keeps alive and reconnects.
public struct NATSClientOptions: Sendable {
    /// Server URLs (`nats://host:port`, `tls://host:port`; `user:password@` or `token@` in a URL also authenticates).
    /// Defaults to `nats://127.0.0.1:4222`. Servers the cluster announces in `INFO` join this list.
    public var servers: [String]
    /// The client's name, shown by the server's monitoring. Defaults to none.
    public var name: String?
    /// Whether the server sends this client's own publishes to its matching subscriptions. Defaults to `true`.
    public var echo: Bool = true
    /// How to authenticate. Defaults to ``NATSAuth/none`` (or what the URL carries).
    public var auth: NATSAuth = .none
    /// TLS settings; `nil` uses TLS only when the URL is `tls://` or the server requires it.
    public var tls: NATSTLSOptions?
    /// How often the client pings an idle connection. Defaults to 2 minutes, as nats.go does.
    public var pingInterval: Duration = .seconds(120)
    /// Pings without a pong after which the connection counts as stale and is reconnected. Defaults to 2.
    public var maxPingsOutstanding: Int = 2
    /// How long to wait for a TCP connection and the handshake. Defaults to 2 seconds.
    public var connectTimeout: Duration = .seconds(2)
    /// Reconnection behaviour.
    public var reconnect = NATSReconnectOptions()
    /// Try servers in the order given instead of shuffled. Defaults to `false` (shuffled, to spread clients).
    public var noRandomize: Bool = false
    /// Whether servers the cluster announces (`connect_urls` in `INFO`) stay out of the reconnect pool, which then
    /// holds only ``servers``. Default `false`: they join it, except when credentials would travel without TLS (see
    /// ``NATSClient``).
    public var ignoreDiscoveredServers: Bool = false
    /// The prefix of reply subjects for requests. Defaults to `_INBOX`.
    public var inboxPrefix: String = "_INBOX"
    /// Where the client logs connection changes (at `info` and below).
    public var logger: Logger

    /// Creates options for the given servers.
    public init(servers: [String] = ["nats://127.0.0.1:4222"], logger: Logger = Logger(label: "nats")) {
        self.servers = servers
        self.logger = logger
    }
}

/// How the client reconnects after losing its connection.
public struct NATSReconnectOptions: Sendable {
    /// Whether to reconnect at all. Defaults to `true`.
    public var enabled: Bool = true
    /// Attempts per server before it is dropped from the pool; `-1` tries forever. Defaults to 60, as nats.go does.
    public var maxAttempts: Int = 60
    /// The wait before trying a server again after all have been tried. Defaults to 2 seconds.
    public var wait: Duration = .seconds(2)
    /// A random extra wait of up to this much, so clients do not reconnect all at once. Defaults to 100 ms.
    public var jitter: Duration = .milliseconds(100)
    /// How many bytes of publishes are kept while disconnected and sent on reconnect. Defaults to 8 MiB.
    public var bufferSize: Int = 8 * 1024 * 1024

    /// Creates the default reconnection behaviour.
    public init() {}
}

/// TLS settings for the connection.
public struct NATSTLSOptions: Sendable {
    /// PEM file of the certificate authorities that sign the server's certificate; `nil` uses the system's roots.
    public var caFile: String?
    /// PEM file of the client certificate, for mutual TLS.
    public var certificateFile: String?
    /// PEM file of the client certificate's private key, for mutual TLS.
    public var keyFile: String?
    /// Start TLS before the server's `INFO` (the server's `handshake_first`). Defaults to `false`.
    public var handshakeFirst: Bool = false
    /// Skip verifying the server's certificate. For testing only. Defaults to `false`.
    public var insecureSkipVerify: Bool = false

    /// Creates TLS settings.
    public init(caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil, handshakeFirst: Bool = false) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.handshakeFirst = handshakeFirst
    }
}

/// How many messages and bytes a subscription holds for its consumer before it drops.
public struct NATSPendingLimits: Sendable, Equatable {
    /// Messages held; past it new messages are dropped and counted. Defaults to 524,288, as nats.go does.
    public var messages: Int
    /// Payload bytes held; past it new messages are dropped and counted. Defaults to 64 MiB, as nats.go does.
    public var bytes: Int

    /// Creates limits.
    public init(messages: Int, bytes: Int) {
        self.messages = messages
        self.bytes = bytes
    }

    /// 524,288 messages and 64 MiB.
    public static let `default` = NATSPendingLimits(messages: 512 * 1024, bytes: 64 * 1024 * 1024)
    /// No limit: the subscription never drops.
    public static let unlimited = NATSPendingLimits(messages: .max, bytes: .max)
}
