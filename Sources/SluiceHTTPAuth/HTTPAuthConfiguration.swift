/// Who may call an HTTP API: static tokens, JWT verification, and which operational routes stay open.
///
/// Authentication is on when at least one token or JWT key is configured (``isEnabled``). A server bound to a
/// non-loopback address should refuse to start without it (see ``HostPolicy/isLoopback(_:)``).
public struct HTTPAuthConfiguration: Sendable, Hashable {
    /// Static bearer tokens.
    public var tokens: [StaticToken]
    /// JWT verification, when JWTs are accepted.
    public var jwt: JWTVerification?
    /// Whether `/healthz` and `/readyz` answer without a token. Default `true`.
    public var openHealth: Bool
    /// Whether `/metrics` answers without a token. Default `true`.
    public var openMetrics: Bool

    public init(tokens: [StaticToken] = [], jwt: JWTVerification? = nil, openHealth: Bool = true, openMetrics: Bool = true) {
        self.tokens = tokens
        self.jwt = jwt
        self.openHealth = openHealth
        self.openMetrics = openMetrics
    }

    /// Whether any credential is configured, so requests must authenticate.
    public var isEnabled: Bool { !tokens.isEmpty || (jwt?.hasKeys ?? false) }
}
