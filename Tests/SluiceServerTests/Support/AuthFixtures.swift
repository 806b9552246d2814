import Foundation
import JWTKit
import NATSTestSupport
import SluiceHTTPAuth
import SluiceServer
import Testing

/// The claims tests sign: every one optional, so a test can leave any out.
struct TestClaims: JWTPayload {
    var sub: String? = "tester"
    var iss: String? = AuthFixtures.issuer
    var aud: String? = AuthFixtures.audience
    var exp: Int? = Int(Date().timeIntervalSince1970) + 3600
    var nbf: Int? = Int(Date().timeIntervalSince1970) - 60
    var scope: String? = "read"

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// Keys, tokens and server configurations for the authentication tests.
enum AuthFixtures {
    static let issuer = "sluice-tests"
    static let audience = "sluice-api"
    static let secret = "an-hs256-secret-of-the-test-suite-0123456789"
    static let readToken = "static-read-token-0123456789"
    static let ingestToken = "static-ingest-token-0123456789"
    static let adminToken = "static-admin-token-0123456789"

    /// JWT verification with the HS256 secret and the test issuer and audience, no leeway.
    static var jwt: JWTVerification {
        JWTVerification(hs256Secret: Array(secret.utf8), issuer: issuer, audience: audience, leeway: .zero)
    }

    /// A server configuration with `jwt` and the three static tokens.
    static func configuration(jwt: JWTVerification = AuthFixtures.jwt) -> SluiceHTTPServerConfiguration {
        var configuration = SluiceHTTPServerConfiguration()
        configuration.auth = HTTPAuthConfiguration(
            tokens: [
                StaticToken(name: "reader", secret: readToken, scopes: [.read]),
                StaticToken(name: "producer", secret: ingestToken, scopes: [.ingest]),
                StaticToken(name: "operator", secret: adminToken, scopes: [.admin]),
            ],
            jwt: jwt
        )
        return configuration
    }

    /// `claims` signed with HS256 and `secret`.
    static func hs256(_ claims: TestClaims = TestClaims(), secret: String = AuthFixtures.secret) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return try await keys.sign(claims)
    }

    /// `claims` signed with an ES256 private key.
    static func es256(_ claims: TestClaims, key: ES256PrivateKey, kid: String? = nil) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: key, kid: kid.map { JWKIdentifier(string: $0) })
        return try await keys.sign(claims, kid: kid.map { JWKIdentifier(string: $0) })
    }

    /// `claims` signed with RS256 and an RSA private key.
    static func rs256(_ claims: TestClaims, key: Insecure.RSA.PrivateKey, kid: String? = nil) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(rsa: key, digestAlgorithm: .sha256, kid: kid.map { JWKIdentifier(string: $0) })
        return try await keys.sign(claims, kid: kid.map { JWKIdentifier(string: $0) })
    }

    /// A fresh 2048-bit RSA private key, made by `openssl`.
    static func makeRSAKey() async throws -> Insecure.RSA.PrivateKey {
        let directory = try TestDirectory.make(prefix: "rsa")
        defer { TestDirectory.remove(directory) }
        let openssl = try #require(ExternalCommand.find("openssl"), "openssl is needed to make an RSA key")
        let result = try await ExternalCommand.run(
            openssl,
            ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "key.pem"],
            in: directory
        )
        guard result.status == 0 else { throw TestSupportError("openssl genpkey failed: \(result.output)") }
        return try Insecure.RSA.PrivateKey(pem: try String(contentsOfFile: "\(directory)/key.pem", encoding: .utf8))
    }

    /// A JWKS document holding these public keys under these key ids.
    static func jwks(ec: (kid: String, key: ES256PublicKey), rsa: (kid: String, key: Insecure.RSA.PublicKey)) throws -> String {
        let (x, y) = try #require(ec.key.parameters)
        let (modulus, exponent) = try rsa.key.getKeyPrimitives()
        let keys: [[String: String]] = [
            ["kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": ec.kid, "x": x, "y": y],
            ["kty": "RSA", "alg": "RS256", "use": "sig", "kid": rsa.kid, "n": base64URL(modulus), "e": base64URL(exponent)],
        ]
        return String(decoding: try JSONEncoder().encode(["keys": keys]), as: UTF8.self)
    }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
