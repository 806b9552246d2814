import FoundationEssentials
public import Hummingbird
import JWTKit

/// Checks the bearer credential of a request against static tokens and JWT keys.
///
/// ```swift
/// let authenticator = try await HTTPAuthenticator(configuration)
/// let principal = try await authenticator.authenticate(request)  // throws HTTPAuthError (401)
/// ```
public struct HTTPAuthenticator: Sendable {
    /// What it was made from.
    public let configuration: HTTPAuthConfiguration
    private let keys: JWTKeyCollection?
    /// Where "now" comes from when checking `exp` and `nbf`.
    private let clock: @Sendable () -> Date

    /// Loads the keys of `configuration`.
    ///
    /// - Parameter clock: The current time; the system clock by default.
    /// - Throws: ``HTTPAuthSetupError`` when a public key or the JWKS does not parse.
    public init(_ configuration: HTTPAuthConfiguration, clock: @escaping @Sendable () -> Date = { Date() }) async throws(HTTPAuthSetupError) {
        self.configuration = configuration
        self.clock = clock
        guard let jwt = configuration.jwt, jwt.hasKeys else {
            self.keys = nil
            return
        }
        self.keys = try await Self.collection(for: jwt)
    }

    /// Authenticates `request` by its `Authorization: Bearer …` header.
    ///
    /// - Throws: ``HTTPAuthError`` with reason `missingCredential` when there is no bearer token, `invalidCredential`
    ///   when it does not verify.
    public func authenticate(_ request: Request) async throws(HTTPAuthError) -> HTTPPrincipal {
        guard let header = request.headers[.authorization] else {
            throw HTTPAuthError(.missingCredential, "no bearer token: send Authorization: Bearer <token>")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw HTTPAuthError(.missingCredential, "no bearer token: the Authorization header must be Bearer <token>")
        }
        return try await authenticate(bearer: Self.trimmingSpaces(parts[1]))
    }

    /// Authenticates a bearer token: a static token, else a JWT.
    public func authenticate(bearer token: String) async throws(HTTPAuthError) -> HTTPPrincipal {
        // Every static token is compared, in constant time, whatever matched first.
        var matched: StaticToken?
        for candidate in configuration.tokens where Self.constantTimeEqual(candidate.secret, token) {
            matched = candidate
        }
        if let matched { return HTTPPrincipal(name: matched.name, scopes: matched.scopes) }
        guard let keys, let jwt = configuration.jwt, token.split(separator: ".", omittingEmptySubsequences: false).count == 3 else {
            throw HTTPAuthError(.invalidCredential, "the bearer token is not valid")
        }
        let claims: TokenClaims
        do {
            claims = try await keys.verify(token, as: TokenClaims.self, iteratingKeys: true)
        } catch let error as JWTError where error.errorType == .malformedToken {
            throw HTTPAuthError(.invalidCredential, "the bearer token is not a well-formed JWT")
        } catch {
            throw HTTPAuthError(
                .invalidCredential,
                "the bearer token's signature does not verify with any configured key (or its claims are not of the expected types)"
            )
        }
        try check(claims, against: jwt)
        return HTTPPrincipal(name: claims.subject ?? "jwt", scopes: Set(claims.scopes.map(HTTPScope.init(rawValue:))))
    }

    /// Checks the time, issuer and audience claims.
    private func check(_ claims: TokenClaims, against jwt: JWTVerification) throws(HTTPAuthError) {
        let now = clock()
        let leeway = Double(jwt.leeway.components.seconds) + Double(jwt.leeway.components.attoseconds) / 1e18
        guard let expires = claims.expires else {
            throw HTTPAuthError(.invalidCredential, "the bearer token has no expiry (exp); every JWT must expire")
        }
        if now.timeIntervalSince(expires) >= leeway {
            throw HTTPAuthError(.invalidCredential, "the bearer token expired at \(Self.format(expires))")
        }
        if let notBefore = claims.notBefore, notBefore.timeIntervalSince(now) > leeway {
            throw HTTPAuthError(.invalidCredential, "the bearer token is not valid before \(Self.format(notBefore))")
        }
        if let issuer = jwt.issuer, claims.issuer != issuer {
            throw HTTPAuthError(.invalidCredential, "the bearer token's issuer is not \"\(issuer)\"")
        }
        if let audience = jwt.audience, !(claims.audience ?? []).contains(audience) {
            throw HTTPAuthError(.invalidCredential, "the bearer token's audience does not include \"\(audience)\"")
        }
    }

    /// A key collection holding every configured key, each under an identifier of its own.
    private static func collection(for jwt: JWTVerification) async throws(HTTPAuthSetupError) -> JWTKeyCollection {
        let keys = JWTKeyCollection()
        if let secret = jwt.hs256Secret {
            await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: "sluice-hs256")
        }
        for (index, pem) in jwt.publicKeys.enumerated() {
            let kid = JWKIdentifier(string: "sluice-public-key-\(index)")
            if let rsa = try? Insecure.RSA.PublicKey(pem: pem) {
                await keys.add(rsa: rsa, digestAlgorithm: .sha256, kid: kid)
            } else if let ec = try? ES256PublicKey(pem: pem) {
                await keys.add(ecdsa: ec, kid: kid)
            } else {
                throw HTTPAuthSetupError(
                    "public key \(index + 1) is not a PEM public key of RS256 (RSA, 2048 bits or more) or ES256 (EC P-256)"
                )
            }
        }
        if let jwks = jwt.jwks {
            do {
                try await keys.add(jwksJSON: jwks)
            } catch {
                throw HTTPAuthSetupError("the JWKS does not parse: \(error)")
            }
        }
        return keys
    }

    /// Compares two strings in time that depends on their lengths only.
    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
        }
        return difference == 0
    }

    private static func trimmingSpaces(_ text: Substring) -> String {
        guard let first = text.firstIndex(where: { $0 != " " && $0 != "\t" }), let last = text.lastIndex(where: { $0 != " " && $0 != "\t" }) else {
            return ""
        }
        return String(text[first...last])
    }

    private static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}

/// A configuration whose keys cannot be loaded.
public struct HTTPAuthSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, never with a secret in it.
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
