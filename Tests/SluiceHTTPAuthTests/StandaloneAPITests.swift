import Foundation
import Hummingbird
import HummingbirdTesting
import SluiceHTTPAuth
import Testing

/// The module on its own, as another API uses it: a router with the `Host` check and scoped groups, no error
/// middleware of its own, tokens from ``HS256TokenIssuer``.
@Suite struct StandaloneAPITests {
    static let secret = Array("a-secret-for-the-standalone-tests-0123456789".utf8)

    /// A router with `GET /things` (read), `POST /things` (the API's own `publish` scope) and open `GET /health`.
    static func makeApplication(_ configuration: HTTPAuthConfiguration) async throws -> some ApplicationProtocol {
        let authenticator = try await HTTPAuthenticator(configuration)
        let router = Router()
        router.middlewares.add(HostPolicyMiddleware(HostPolicy(boundHost: "0.0.0.0", extraHosts: ["api.internal"])))
        router.get("health") { _, _ in "ok" }
        router.group(requiring: .read, authenticator: authenticator).get("things") { _, _ in "things" }
        router.group(requiring: HTTPScope("publish"), authenticator: authenticator).post("things") { _, _ in "published" }
        return Application(router: router)
    }

    @Test func issuedTokensOpenTheirRoutes() async throws {
        let issuer = await HS256TokenIssuer(secret: Self.secret)
        let read = try await issuer.issue(scopes: [.read], lifetime: .seconds(60), subject: "alice", issuer: "platform")
        let publish = try await issuer.issue(scopes: ["publish"], lifetime: .seconds(60), issuer: "platform")
        let admin = try await issuer.issue(scopes: [.admin], lifetime: .seconds(60), issuer: "platform")
        let configuration = HTTPAuthConfiguration(jwt: JWTVerification(hs256Secret: Self.secret, issuer: "platform"))
        let application = try await Self.makeApplication(configuration)
        try await application.test(.router) { (client: any TestClientProtocol) async throws in
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/things", method: .get, headers: [.authorization: "Bearer \(read)"]).status == .ok)
            #expect(try await client.execute(uri: "/things", method: .post, headers: [.authorization: "Bearer \(read)"]).status == .forbidden)
            #expect(try await client.execute(uri: "/things", method: .post, headers: [.authorization: "Bearer \(publish)"]).status == .ok)
            #expect(try await client.execute(uri: "/things", method: .get, headers: [.authorization: "Bearer \(publish)"]).status == .forbidden)
            #expect(try await client.execute(uri: "/things", method: .post, headers: [.authorization: "Bearer \(admin)"]).status == .ok)
        }
    }

    @Test func refusalsRenderTheJSONErrorBody() async throws {
        let configuration = HTTPAuthConfiguration(tokens: [StaticToken(name: "ci", secret: "ci-token-0123456789", scopes: [.read])])
        let application = try await Self.makeApplication(configuration)
        try await application.test(.router) { (client: any TestClientProtocol) async throws in
            let response = try await client.execute(uri: "/things", method: .get)
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"sluice\"")
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let body = try JSONDecoder().decode([String: [String: String]].self, from: Data(response.body.readableBytesView))
            #expect(body["error"]?["code"] == "unauthorized")
            let wrong = try await client.execute(uri: "/things", method: .get, headers: [.authorization: "Bearer ci-token-0123456780"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers[.wwwAuthenticate] == "Bearer realm=\"sluice\", error=\"invalid_token\"")
            let origin = try await client.execute(uri: "/health", method: .get, headers: [.origin: "https://elsewhere.example"])
            #expect(origin.status == .forbidden)
            #expect(String(buffer: origin.body).contains("origin_not_allowed"))
        }
    }

    @Test func loopbackAddresses() {
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]"] {
            #expect(HostPolicy.isLoopback(host), "\(host)")
        }
        for host in ["0.0.0.0", "::", "", "10.0.0.1", "127.0.0.1.example.com", "localhost.example", "128.0.0.1"] {
            #expect(!HostPolicy.isLoopback(host), "\(host)")
        }
    }

    @Test func defaultHostsAreLoopbackAndTheBoundAddress() {
        #expect(HostPolicy(boundHost: "10.0.0.7").allowedHosts == ["localhost", "127.0.0.1", "::1", "10.0.0.7"])
        #expect(
            HostPolicy(boundHost: "0.0.0.0", extraHosts: ["API.internal", "[fd00::1]"]).allowedHosts == [
                "localhost", "127.0.0.1", "::1", "api.internal", "fd00::1",
            ]
        )
    }

    @Test func descriptionsHideSecrets() {
        let token = StaticToken(name: "ci", secret: "ci-token-0123456789", scopes: [.read, .admin])
        #expect("\(token)" == "StaticToken(name: ci, scopes: admin read, secret: <redacted>)")
        let jwt = JWTVerification(hs256Secret: Self.secret, issuer: "platform")
        #expect(!"\(jwt)".contains("a-secret"))
        #expect("\(jwt)".contains("hs256_secret: <redacted>"))
    }
}
