import Foundation
import Logging
import NATSTestSupport
import Prometheus
import SluiceConnectors
import SluiceHTTPAuth
import SluiceRuntime
import SluiceServer
import Testing

/// `SluiceHTTPServerConfiguration(config:)`: the files a configuration's `server:` section names, read at start, and
/// the field named when one cannot be used.
@Suite struct ServerSettingsTests {
    /// A configuration with one pipeline and `server`.
    static func load(_ server: String) throws -> SluiceConfig {
        try SluiceConfig.parse(
            """
            pipelines:
              - {name: docs, source: {type: http}, sink: {type: search_index, index: docs, fields: [text]}}
            server:
            \(server)
            """,
            connectors: .builtIn
        )
    }

    @Test func listenWithoutAHostMeansEveryInterfaceAndNeedsAuthentication() async throws {
        let open = try SluiceHTTPServerConfiguration(config: try Self.load("  listen: \":8080\""))
        #expect(open.host == "0.0.0.0")
        #expect(open.port == 8080)
        let refused = await #expect(throws: SluiceHTTPServerError.self) {
            _ = try await SluiceHTTPServer(
                operations: InMemoryOperations(pipelines: []),
                configuration: open,
                registry: PrometheusCollectorRegistry(),
                logger: Logger(label: "test")
            )
        }
        #expect(refused?.field == "server.listen")
        let config = try Self.load(
            """
              listen: ":8080"
              auth: {tokens: [{name: ops, token: "a-token-of-enough-length-0123", scopes: [read]}]}
            """
        )
        #expect(config.server.listen == ":8080")
        #expect(try SluiceHTTPServerConfiguration(config: config).auth.isEnabled)
    }

    @Test func secretsComeFromTheirFilesWithoutTheFinalNewline() throws {
        let directory = try TestDirectory.make(prefix: "secrets")
        defer { TestDirectory.remove(directory) }
        try "token-from-a-file-0123456789\n".write(toFile: "\(directory)/token", atomically: true, encoding: .utf8)
        try "a-jwt-secret-from-a-file-0123456789abcdef\n".write(toFile: "\(directory)/secret", atomically: true, encoding: .utf8)
        let config = try Self.load(
            """
              auth:
                tokens: [{name: ops, token_file: "\(directory)/token", scopes: [admin]}]
                jwt: {hs256_secret_file: "\(directory)/secret"}
            """
        )
        let auth = try SluiceHTTPServerConfiguration(config: config).auth
        #expect(auth.tokens == [StaticToken(name: "ops", secret: "token-from-a-file-0123456789", scopes: [.admin])])
        #expect(auth.jwt?.hs256Secret == Array("a-jwt-secret-from-a-file-0123456789abcdef".utf8))
        // Another API's block of the same shape names its own fields.
        try "short\n".write(toFile: "\(directory)/token", atomically: true, encoding: .utf8)
        #expect(
            throws: SluiceHTTPServerError(
                field: "router.auth.tokens[0].token_file",
                "\(directory)/token holds 5 characters; at least 16 are needed (openssl rand -hex 32 makes one)"
            )
        ) {
            try HTTPAuthConfiguration(settings: config.server.auth, field: "router.auth")
        }
    }

    @Test func unreadableFilesNameTheirField() throws {
        let missing = "/nonexistent/sluice-test"
        let cases: [(String, String)] = [
            ("  auth: {jwt: {public_keys: [\(missing)/key.pem]}}", "server.auth.jwt.public_keys[0]"),
            ("  auth: {jwt: {jwks_file: \(missing)/jwks.json}}", "server.auth.jwt.jwks_file"),
            ("  auth: {tokens: [{token_file: \(missing)/token, scopes: [read]}]}", "server.auth.tokens[0].token_file"),
            ("  tls: {cert_file: \(missing)/cert.pem, key_file: \(missing)/key.pem}", "server.tls.cert_file"),
        ]
        for (server, field) in cases {
            #expect {
                _ = try SluiceHTTPServerConfiguration(config: try Self.load(server))
            } throws: { error in
                (error as? SluiceHTTPServerError)?.field == field
            }
        }
    }

    @Test func aKeyThatIsNotAPublicKeyStopsTheStart() async throws {
        let directory = try TestDirectory.make(prefix: "keys")
        defer { TestDirectory.remove(directory) }
        try "not a key".write(toFile: "\(directory)/key.pem", atomically: true, encoding: .utf8)
        let configuration = try SluiceHTTPServerConfiguration(
            config: try Self.load("  auth: {jwt: {public_keys: [\(directory)/key.pem]}}")
        )
        await #expect {
            try await configuration.validate()
        } throws: { error in
            (error as? SluiceHTTPServerError)?.message.contains("public key 1 is not a PEM public key") == true
        }
    }
}
