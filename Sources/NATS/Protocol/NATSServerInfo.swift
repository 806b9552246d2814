/// What the server says about itself in `INFO`.
public struct NATSServerInfo: Sendable, Decodable, Equatable {
    public var serverID: String
    public var serverName: String?
    public var version: String
    public var host: String?
    public var port: Int?
    /// The largest message payload (with headers) the server accepts.
    public var maxPayload: Int
    /// The server understands `HPUB`/`HMSG`.
    public var headers: Bool
    /// JetStream is enabled on this server.
    public var jetStream: Bool
    /// The server requires authentication.
    public var authRequired: Bool
    /// The server requires TLS.
    public var tlsRequired: Bool
    /// The server accepts TLS.
    public var tlsAvailable: Bool
    /// Other servers of the cluster a client may connect to.
    public var connectURLs: [String]
    /// The server is in lame duck mode: it will shut down soon.
    public var lameDuckMode: Bool
    /// The challenge to sign for NKey and JWT authentication.
    public var nonce: String?
    /// The client's id on this server.
    public var clientID: UInt64?
    /// The client's IP address as the server sees it.
    public var clientIP: String?
    /// The cluster name, if the server is part of one.
    public var cluster: String?
    /// The JetStream domain, if any.
    public var domain: String?

    enum CodingKeys: String, CodingKey {
        case serverID = "server_id"
        case serverName = "server_name"
        case version, host, port
        case maxPayload = "max_payload"
        case headers
        case jetStream = "jetstream"
        case authRequired = "auth_required"
        case tlsRequired = "tls_required"
        case tlsAvailable = "tls_available"
        case connectURLs = "connect_urls"
        case lameDuckMode = "ldm"
        case nonce
        case clientID = "client_id"
        case clientIP = "client_ip"
        case cluster, domain
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        serverID = try c.decodeIfPresent(String.self, forKey: .serverID) ?? ""
        serverName = try c.decodeIfPresent(String.self, forKey: .serverName)
        version = try c.decodeIfPresent(String.self, forKey: .version) ?? ""
        host = try c.decodeIfPresent(String.self, forKey: .host)
        port = try c.decodeIfPresent(Int.self, forKey: .port)
        maxPayload = try c.decodeIfPresent(Int.self, forKey: .maxPayload) ?? 1_048_576
        headers = try c.decodeIfPresent(Bool.self, forKey: .headers) ?? false
        jetStream = try c.decodeIfPresent(Bool.self, forKey: .jetStream) ?? false
        authRequired = try c.decodeIfPresent(Bool.self, forKey: .authRequired) ?? false
        tlsRequired = try c.decodeIfPresent(Bool.self, forKey: .tlsRequired) ?? false
        tlsAvailable = try c.decodeIfPresent(Bool.self, forKey: .tlsAvailable) ?? false
        connectURLs = try c.decodeIfPresent([String].self, forKey: .connectURLs) ?? []
        lameDuckMode = try c.decodeIfPresent(Bool.self, forKey: .lameDuckMode) ?? false
        nonce = try c.decodeIfPresent(String.self, forKey: .nonce)
        clientID = try c.decodeIfPresent(UInt64.self, forKey: .clientID)
        clientIP = try c.decodeIfPresent(String.self, forKey: .clientIP)
        cluster = try c.decodeIfPresent(String.self, forKey: .cluster)
        domain = try c.decodeIfPresent(String.self, forKey: .domain)
    }
}
