/// How JSON Web Tokens are checked: the keys that may have signed them, and the claims they must carry.
///
/// Keys: an HS256 secret, PEM public keys (RSA for RS256, P-256 for ES256) and a JWKS document; a token verifies
/// when one of them verifies its signature. Claims: `exp` and `nbf` when present (with ``leeway``), `iss` when
/// ``issuer`` is set, `aud` when ``audience`` is set. Its description never shows the secret.
public struct JWTVerification: Sendable, Hashable, CustomStringConvertible {
    /// The shared secret of HS256 tokens.
    public var hs256Secret: [UInt8]?
    /// PEM-encoded public keys (`-----BEGIN PUBLIC KEY-----`), RSA or EC P-256.
    public var publicKeys: [String]
    /// A JWKS document (`{"keys": [...]}`) as JSON text.
    public var jwks: String?
    /// The `iss` every token must carry, when set.
    public var issuer: String?
    /// A value the token's `aud` must contain, when set.
    public var audience: String?
    /// Clock difference tolerated when checking `exp` and `nbf`. Default 30 seconds.
    public var leeway: Duration

    public init(
        hs256Secret: [UInt8]? = nil,
        publicKeys: [String] = [],
        jwks: String? = nil,
        issuer: String? = nil,
        audience: String? = nil,
        leeway: Duration = .seconds(30)
    ) {
        self.hs256Secret = hs256Secret
        self.publicKeys = publicKeys
        self.jwks = jwks
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
    }

    /// Whether at least one key is configured.
    public var hasKeys: Bool { hs256Secret != nil || !publicKeys.isEmpty || jwks != nil }

    public var description: String {
        var parts: [String] = []
        if hs256Secret != nil { parts.append("hs256_secret: <redacted>") }
        if !publicKeys.isEmpty { parts.append("public_keys: \(publicKeys.count)") }
        if jwks != nil { parts.append("jwks: yes") }
        if let issuer { parts.append("issuer: \(issuer)") }
        if let audience { parts.append("audience: \(audience)") }
        parts.append("leeway: \(leeway)")
        return "JWTVerification(\(parts.joined(separator: ", ")))"
    }
}
