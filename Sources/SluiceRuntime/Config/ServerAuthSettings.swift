/// Authentication of the operations API (`server.auth`): static bearer tokens and JWT verification.
///
/// The files named here are read when the server starts, not when the configuration is loaded.
public struct ServerAuthSettings: Sendable, Hashable {
    /// Static bearer tokens. Default none.
    public var tokens: [ServerToken] = []
    /// JWT verification; `nil` (default) when JWTs are not accepted.
    public var jwt: ServerJWTSettings?
    /// Whether `/healthz` and `/readyz` answer without a token. Default `true`.
    public var openHealth: Bool = true
    /// Whether `/metrics` answers without a token. Default `true`.
    public var openMetrics: Bool = true

    /// Creates the default settings: authentication off.
    public init() {}

    /// Whether any credential is configured, so requests must authenticate.
    public var isEnabled: Bool { !tokens.isEmpty || jwt != nil }
}

/// The scopes of the operations API: `read` (listings, search), `ingest` (`POST /ingest/{pipeline}`), `admin`
/// (pause, resume, replay, purge; grants the others too).
public enum ServerScope: String, Sendable, Hashable, CaseIterable {
    case read, ingest, admin
}

/// A secret given in the file itself (usually through `${VAR}`) or in a file of its own.
public enum SecretSource: Sendable, Hashable {
    /// The secret itself.
    case value(String)
    /// A file holding the secret; surrounding white space (a final newline) is not part of it.
    case file(String)
}

/// One static bearer token of `server.auth.tokens`.
public struct ServerToken: Sendable, Hashable {
    /// A name for logs; default `token-<n>`.
    public var name: String
    /// The secret clients send.
    public var secret: SecretSource
    /// What it may do.
    public var scopes: [ServerScope]

    /// Creates a token.
    public init(name: String, secret: SecretSource, scopes: [ServerScope]) {
        self.name = name
        self.secret = secret
        self.scopes = scopes
    }
}

/// How JWTs are verified (`server.auth.jwt`).
public struct ServerJWTSettings: Sendable, Hashable {
    /// The HS256 secret.
    public var hs256Secret: SecretSource?
    /// PEM public key files (RSA for RS256, EC P-256 for ES256).
    public var publicKeyFiles: [String] = []
    /// A JWKS file.
    public var jwksFile: String?
    /// The `iss` tokens must carry, when set.
    public var issuer: String?
    /// A value tokens' `aud` must contain, when set.
    public var audience: String?
    /// Clock difference tolerated on `exp` and `nbf`. Default 30 seconds.
    public var leeway: Duration = .seconds(30)

    /// Creates settings with no key.
    public init() {}
}

/// The HTTPS files of the operations API (`server.tls`).
public struct ServerTLSSettings: Sendable, Hashable {
    /// The certificate chain, PEM.
    public var certificateFile: String
    /// The private key, PEM.
    public var keyFile: String

    /// Creates settings.
    public init(certificateFile: String, keyFile: String) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
    }
}
