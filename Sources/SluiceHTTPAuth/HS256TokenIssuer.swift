import FoundationEssentials
import JWTKit

/// Signs HS256 tokens that an ``HTTPAuthenticator`` with the same secret accepts (what `sluice token issue` prints).
///
/// ```swift
/// let token = try await HS256TokenIssuer(secret: Array("…".utf8)).issue(scopes: [.read], lifetime: .seconds(3600))
/// ```
public struct HS256TokenIssuer: Sendable {
    private let keys: JWTKeyCollection

    /// An issuer signing with `secret`.
    public init(secret: [UInt8]) async {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.keys = keys
    }

    /// A signed token with `scope` (space-separated), `iat` and `nbf` now, and `exp` after `lifetime`.
    ///
    /// - Parameters:
    ///   - scopes: What the token may do.
    ///   - lifetime: How long it is valid.
    ///   - subject: `sub`, who the token is for.
    ///   - issuer: `iss`, when the server checks one.
    ///   - audience: `aud`, when the server checks one.
    ///   - now: The time it is issued at.
    public func issue(
        scopes: [HTTPScope],
        lifetime: Duration,
        subject: String? = nil,
        issuer: String? = nil,
        audience: String? = nil,
        now: Date = Date()
    ) async throws -> String {
        let seconds = Double(lifetime.components.seconds) + Double(lifetime.components.attoseconds) / 1e18
        let claims = TokenClaims(
            subject: subject,
            issuer: issuer,
            audience: audience.map { [$0] },
            expires: now.addingTimeInterval(seconds),
            notBefore: now,
            issuedAt: now,
            scopes: scopes.map(\.rawValue)
        )
        return try await keys.sign(claims)
    }
}
