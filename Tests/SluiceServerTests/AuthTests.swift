import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import NATSTestSupport
import NIOCore
import SluiceHTTPAuth
import SluiceRuntime
import SluiceServer
import Testing

/// Authentication of the operations API: each way a credential fails and its status, scopes per route, every kind
/// of key, static tokens, open and closed health and metrics.
@Suite struct AuthTests {
    /// Runs `test` against a server with ``AuthFixtures/configuration(jwt:)`` (or `configuration`).
    static func withAuthClient(
        _ configuration: SluiceHTTPServerConfiguration = AuthFixtures.configuration(),
        _ test: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await TestServer.withClient(TestServer.makeOperations(), configuration: configuration, test)
    }

    /// `Authorization: Bearer token`.
    static func bearer(_ token: String) -> HTTPFields {
        [.authorization: "Bearer \(token)"]
    }

    /// Expects a `401` with the JSON error body and `WWW-Authenticate: Bearer …`, its message containing `words`.
    static func expectUnauthorized(_ response: TestResponse, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(response.status == .unauthorized, sourceLocation: sourceLocation)
        #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true, sourceLocation: sourceLocation)
        #expect(response.contentType == "application/json; charset=utf-8", sourceLocation: sourceLocation)
        let error = try response.error()
        #expect(error.code == "unauthorized", sourceLocation: sourceLocation)
        #expect(error.message.contains(words), "\(error.message)", sourceLocation: sourceLocation)
    }

    @Test func noTokenIs401() async throws {
        try await Self.withAuthClient { client async throws in
            let response = try await client.execute(uri: "/pipelines", method: .get)
            try Self.expectUnauthorized(response, "no bearer token")
            #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"sluice\"")
            let basic = try await client.execute(uri: "/pipelines", method: .get, headers: [.authorization: "Basic dXNlcjpwYXNz"])
            try Self.expectUnauthorized(basic, "must be Bearer")
        }
    }

    @Test func badSignatureIs401() async throws {
        let forged = try await AuthFixtures.hs256(TestClaims(scope: "admin"), secret: "another-secret-that-is-not-the-servers-one")
        try await Self.withAuthClient { client async throws in
            let response = try await client.execute(uri: "/pipelines", method: .get, headers: Self.bearer(forged))
            try Self.expectUnauthorized(response, "signature does not verify")
            #expect(response.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
            let garbage = try await client.execute(uri: "/pipelines", method: .get, headers: Self.bearer("not.a.jwt"))
            try Self.expectUnauthorized(garbage, "well-formed")
        }
    }

    @Test func expiredIs401() async throws {
        let now = Int(Date().timeIntervalSince1970)
        let token = try await AuthFixtures.hs256(TestClaims(exp: now - 3600, nbf: now - 7200))
        try await Self.withAuthClient { client async throws in
            try Self.expectUnauthorized(try await client.execute(uri: "/pipelines", method: .get, headers: Self.bearer(token)), "expired")
        }
    }

    @Test func notYetValidIs401() async throws {
        let now = Int(Date().timeIntervalSince1970)
        let token = try await AuthFixtures.hs256(TestClaims(exp: now + 7200, nbf: now + 3600))
        try await Self.withAuthClient { client async throws in
            try Self.expectUnauthorized(
                try await client.execute(uri: "/pipelines", method: .get, headers: Self.bearer(token)),
                "not valid before"
            )
        }
    }

    @Test func leewayAcceptsATokenJustExpired() async throws {
        let now = Int(Date().timeIntervalSince1970)
        let token = try await AuthFixtures.hs256(TestClaims(exp: now - 5))
        var jwt = AuthFixtures.jwt
        jwt.leeway = .seconds(60)
        try await Self.withAuthClient(AuthFixtures.configuration(jwt: jwt)) { client async throws in
            #expect(try await client.execute(uri: "/pipelines", method: .get, headers: Self.bearer(token)).status == .ok)
        }
    }

    @Test func wrongIssuerIs401() async throws {
        let token = try await AuthFixtures.hs256(TestClaims(iss: "someone-else"))
        let missing = try await AuthFixtures.hs256(TestClaims(iss: nil))
        try await Self.withAuthClient { client async throws in
            try Self.expectUnauthorized(try await client.execute(uri: "/pipelines", method: .get, headers: Self.bearer(token)), "issuer")
            try Self.expectUnauthorized(try await client.execute(uri: "/pipelines", method: .get, headers: Self.bearer(missing)), "issuer")
        }
    }

    @Test func wrongAudienceIs401() async throws {
        let token = try await AuthFixtures.hs256(TestClaims(aud: "another-api"))
        try await Self.withAuthClient { client async throws in
            try Self.expectUnauthorized(try await client.execute(uri: "/pipelines", method: .get, headers: Self.bearer(token)), "audience")
        }
    }

    @Test func readTokenOnAnAdminRouteIs403() async throws {
        let token = try await AuthFixtures.hs256(TestClaims(scope: "read"))
        try await Self.withAuthClient { client async throws in
            #expect(try await client.execute(uri: "/pipelines", method: .get, headers: Self.bearer(token)).status == .ok)
            for (uri, method) in [
                ("/pipelines/orders/pause", HTTPRequest.Method.post), ("/pipelines/orders/resume", .post), ("/dlq?pipeline=orders", .delete),
            ] {
                let response = try await client.execute(uri: uri, method: method, headers: Self.bearer(token))
                #expect(response.status == .forbidden, "\(method) \(uri)")
                #expect(try response.error().code == "forbidden")
                #expect(try response.error().message.contains("\"admin\""))
            }
            let replay = try await client.execute(
                uri: "/dlq/replay",
                method: .post,
                headers: Self.bearer(token),
                body: ByteBuffer(string: #"{"pipeline":"orders"}"#)
            )
            #expect(replay.status == .forbidden)
            #expect(replay.headers[.wwwAuthenticate]?.contains("insufficient_scope") == true)
        }
    }

    @Test func adminTokenMayDoEverything() async throws {
        let token = try await AuthFixtures.hs256(TestClaims(scope: "admin"))
        let asArray = try await AuthFixtures.hs256Array(scopes: ["admin"])
        try await Self.withAuthClient { client async throws in
            for bearer in [token, asArray] {
                let pause = try await client.execute(uri: "/pipelines/orders/pause", method: .post, headers: Self.bearer(bearer))
                #expect(pause.status == .ok)
                #expect(try await client.execute(uri: "/pipelines", method: .get, headers: Self.bearer(bearer)).status == .ok)
                #expect(try await client.execute(uri: "/dlq", method: .get, headers: Self.bearer(bearer)).status == .ok)
                let ingest = try await client.execute(
                    uri: "/ingest/orders",
                    method: .post,
                    headers: Self.bearer(bearer),
                    body: .ndjson(#"{"id":"1"}"#)
                )
                #expect(ingest.status == .accepted)
            }
        }
    }

    @Test func staticTokensCarryTheirScopes() async throws {
        try await Self.withAuthClient { client async throws in
            let read = Self.bearer(AuthFixtures.readToken)
            #expect(try await client.execute(uri: "/pipelines", method: .get, headers: read).status == .ok)
            #expect(try await client.execute(uri: "/search?index=orders&q=x", method: .get, headers: read).status != .forbidden)
            #expect(try await client.execute(uri: "/pipelines/orders/pause", method: .post, headers: read).status == .forbidden)
            #expect(try await client.execute(uri: "/ingest/orders", method: .post, headers: read, body: .ndjson(#"{"id":"1"}"#)).status == .forbidden)

            let ingest = Self.bearer(AuthFixtures.ingestToken)
            #expect(
                try await client.execute(uri: "/ingest/orders", method: .post, headers: ingest, body: .ndjson(#"{"id":"1"}"#)).status == .accepted
            )
            #expect(try await client.execute(uri: "/pipelines", method: .get, headers: ingest).status == .forbidden)

            let admin = Self.bearer(AuthFixtures.adminToken)
            #expect(try await client.execute(uri: "/pipelines/orders/pause", method: .post, headers: admin).status == .ok)
            #expect(try await client.execute(uri: "/dlq?pipeline=orders", method: .delete, headers: admin).status == .ok)

            let unknown = try await client.execute(uri: "/pipelines", method: .get, headers: Self.bearer(AuthFixtures.readToken + "x"))
            try Self.expectUnauthorized(unknown, "not valid")
        }
    }

    @Test func rs256AndES256PublicKeys() async throws {
        let rsa = try await AuthFixtures.makeRSAKey()
        let ec = ES256PrivateKey()
        var jwt = AuthFixtures.jwt
        jwt.hs256Secret = nil
        jwt.publicKeys = [rsa.publicKey.pemRepresentation, ec.publicKey.pemRepresentation]
        let rsaToken = try await AuthFixtures.rs256(TestClaims(scope: "admin"), key: rsa)
        let ecToken = try await AuthFixtures.es256(TestClaims(scope: "admin"), key: ec)
        let strangerToken = try await AuthFixtures.es256(TestClaims(scope: "admin"), key: ES256PrivateKey())
        try await Self.withAuthClient(AuthFixtures.configuration(jwt: jwt)) { client async throws in
            for token in [rsaToken, ecToken] {
                #expect(try await client.execute(uri: "/pipelines/orders/pause", method: .post, headers: Self.bearer(token)).status == .ok)
            }
            try Self.expectUnauthorized(
                try await client.execute(uri: "/pipelines", method: .get, headers: Self.bearer(strangerToken)),
                "signature"
            )
        }
    }

    @Test func jwksFile() async throws {
        let rsa = try await AuthFixtures.makeRSAKey()
        let ec = ES256PrivateKey()
        let directory = try TestDirectory.make(prefix: "jwks")
        defer { TestDirectory.remove(directory) }
        let file = "\(directory)/jwks.json"
        try AuthFixtures.jwks(ec: ("ec-1", ec.publicKey), rsa: ("rsa-1", rsa.publicKey)).write(toFile: file, atomically: true, encoding: .utf8)
        // Through the configuration file, as `sluice run` reads it.
        let yaml = """
            pipelines:
              - {name: orders, source: {type: http}, sink: {type: search_index, index: orders, fields: [text]}}
            server:
              auth:
                jwt: {jwks_file: "\(file)", issuer: \(AuthFixtures.issuer), audience: \(AuthFixtures.audience)}
            """
        let configuration = try SluiceHTTPServerConfiguration(config: try SluiceConfig.parse(yaml))
        #expect(configuration.auth.jwt?.jwks != nil)
        let ecToken = try await AuthFixtures.es256(TestClaims(scope: "read"), key: ec, kid: "ec-1")
        let rsaToken = try await AuthFixtures.rs256(TestClaims(scope: "read"), key: rsa, kid: "rsa-1")
        let stranger = try await AuthFixtures.es256(TestClaims(scope: "read"), key: ES256PrivateKey(), kid: "ec-1")
        try await Self.withAuthClient(configuration) { client async throws in
            #expect(try await client.execute(uri: "/pipelines", method: .get, headers: Self.bearer(ecToken)).status == .ok)
            #expect(try await client.execute(uri: "/pipelines", method: .get, headers: Self.bearer(rsaToken)).status == .ok)
            try Self.expectUnauthorized(try await client.execute(uri: "/pipelines", method: .get, headers: Self.bearer(stranger)), "signature")
        }
    }

    @Test func healthAndMetricsAreOpenByDefault() async throws {
        try await Self.withAuthClient { client async throws in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .ok)
        }
    }

    @Test func healthAndMetricsCanBeClosed() async throws {
        var configuration = AuthFixtures.configuration()
        configuration.auth.openHealth = false
        configuration.auth.openMetrics = false
        try await Self.withAuthClient(configuration) { client async throws in
            for uri in ["/healthz", "/readyz", "/metrics"] {
                try Self.expectUnauthorized(try await client.execute(uri: uri, method: .get), "no bearer token")
                #expect(try await client.execute(uri: uri, method: .get, headers: Self.bearer(AuthFixtures.readToken)).status == .ok)
            }
        }
    }

    @Test func withoutAuthenticationEveryRouteIsOpenOnLoopback() async throws {
        try await TestServer.withClient(TestServer.makeOperations()) { client async throws in
            #expect(try await client.execute(uri: "/pipelines/orders/pause", method: .post).status == .ok)
        }
    }
}

extension AuthFixtures {
    /// An HS256 token whose `scope` claim is a JSON array.
    static func hs256Array(scopes: [String]) async throws -> String {
        struct ArrayClaims: JWTPayload {
            var iss = AuthFixtures.issuer
            var aud = AuthFixtures.audience
            var exp = Int(Date().timeIntervalSince1970) + 3600
            var scope: [String]
            func verify(using algorithm: some JWTAlgorithm) async throws {}
        }
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return try await keys.sign(ArrayClaims(scope: scopes))
    }
}
