import SluiceRuntime

/// How to connect to NATS.
public struct NATSSettings: Sendable, Hashable {
    /// Server URLs tried in turn. Default `["nats://127.0.0.1:4222"]`.
    public var urls: [String] = ["nats://127.0.0.1:4222"]
    /// Credentials. Default none.
    public var auth: NATSAuthSettings = .none
    /// TLS files; `nil` for plain TCP (or TLS only when the server requires it).
    public var tls: NATSTLSSettings?
    /// How long to wait for the first connection. Default 2 seconds.
    public var connectTimeout: Duration = .seconds(2)

    /// Creates the default settings.
    public init() {}
}

/// NATS credentials.
public enum NATSAuthSettings: Sendable, Hashable {
    /// No credentials.
    case none
    /// A token.
    case token(String)
    /// User and password.
    case userPassword(user: String, password: String)
    /// A `.creds` file (JWT and NKey seed).
    case credentials(file: String)
    /// An NKey seed file.
    case nkey(seedFile: String)
}

/// TLS files for NATS.
public struct NATSTLSSettings: Sendable, Hashable {
    /// CA bundle to verify the server; default the system's.
    public var caFile: String?
    /// Client certificate for mutual TLS.
    public var certificateFile: String?
    /// Client key for mutual TLS.
    public var keyFile: String?

    /// Creates settings.
    public init(caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
    }
}

/// A JetStream stream to create or update at start.
public struct StreamSettings: Sendable, Hashable {
    /// The stream name.
    public var name: String
    /// Its subjects, with wildcards.
    public var subjects: [String]
    /// `file` (default) or `memory`.
    public var memoryStorage: Bool = false
    /// Replicas. Default 1; use 3 in a cluster.
    public var replicas: Int = 1
    /// How long messages are kept; `nil` (default) for no limit.
    public var maxAge: Duration?
    /// How long `Nats-Msg-Id` values are remembered. Default 2 minutes (the server's default).
    public var duplicateWindow: Duration?

    /// Creates settings.
    public init(name: String, subjects: [String]) {
        self.name = name
        self.subjects = subjects
    }
}
