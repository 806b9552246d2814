import Testing

@testable import SluiceRuntime

/// `server.auth`, `server.tls`, the `Host`/`Origin` lists and the connection limits in the configuration file.
@Suite struct ServerAuthConfigTests {
    static let pipelines = """
        pipelines:
          - {name: docs, source: {type: http}, sink: {type: search_index, index: docs, fields: [text]}}
        """

    /// The issues of `server` (a YAML block) in a file with one pipeline.
    static func issues(_ server: String, environment: [String: String] = [:]) -> [ConfigIssue] {
        do {
            _ = try SluiceConfig.parse(pipelines + "\n" + server, file: "sluice.yaml", environment: environment)
            return []
        } catch {
            return error.issues
        }
    }

    @Test func everyKeyDecodes() throws {
        let config = try SluiceConfig.parse(
            Self.pipelines + """

                server:
                  listen: 0.0.0.0:8443
                  allowed_hosts: [sluice.internal, 10.0.0.5]
                  allowed_origins: ["https://ops.example.com"]
                  tls: {cert_file: /etc/sluice/cert.pem, key_file: /etc/sluice/key.pem}
                  idle_timeout: 30s
                  max_connections: 64
                  auth:
                    open_health: false
                    open_metrics: no
                    tokens:
                      - {name: ci, token: "${CI_TOKEN}", scopes: [read, ingest]}
                      - {token_file: /etc/sluice/admin.token, scopes: admin}
                    jwt:
                      hs256_secret_file: /etc/sluice/jwt.secret
                      public_keys: [/etc/sluice/issuer.pem]
                      jwks_file: /etc/sluice/jwks.json
                      issuer: https://issuer.example.com
                      audience: sluice
                      leeway: 10s
                """,
            environment: ["CI_TOKEN": "ci-token-0123456789abcdef"]
        )
        let server = config.server
        #expect(server.allowedHosts == ["sluice.internal", "10.0.0.5"])
        #expect(server.allowedOrigins == ["https://ops.example.com"])
        #expect(server.tls == ServerTLSSettings(certificateFile: "/etc/sluice/cert.pem", keyFile: "/etc/sluice/key.pem"))
        #expect(server.idleTimeout == .seconds(30))
        #expect(server.maxConnections == 64)
        #expect(!server.auth.openHealth && !server.auth.openMetrics)
        #expect(
            server.auth.tokens == [
                ServerToken(name: "ci", secret: .value("ci-token-0123456789abcdef"), scopes: [.read, .ingest]),
                ServerToken(name: "token-2", secret: .file("/etc/sluice/admin.token"), scopes: [.admin]),
            ]
        )
        let jwt = try #require(server.auth.jwt)
        #expect(jwt.hs256Secret == .file("/etc/sluice/jwt.secret"))
        #expect(jwt.publicKeyFiles == ["/etc/sluice/issuer.pem"])
        #expect(jwt.jwksFile == "/etc/sluice/jwks.json")
        #expect(jwt.issuer == "https://issuer.example.com" && jwt.audience == "sluice" && jwt.leeway == .seconds(10))
        #expect(server.auth.isEnabled)
    }

    @Test func defaultsLeaveAuthenticationOff() throws {
        let server = try SluiceConfig.parse(Self.pipelines).server
        #expect(!server.auth.isEnabled)
        #expect(server.auth.openHealth && server.auth.openMetrics)
        #expect(server.idleTimeout == .seconds(60) && server.maxConnections == 512)
        #expect(server.tls == nil && server.allowedHosts.isEmpty && server.allowedOrigins.isEmpty)
    }

    @Test func errorsNameFileLineAndField() {
        let issues = Self.issues(
            """
            server:
              auth:
                tokens:
                  - {token: "short", scopes: [read]}
                  - {token: "long-enough-token-0123456789", token_file: /x, scopes: [read]}
                  - {token: "another-long-token-0123456789", scopes: [write]}
                  - {scopes: [read]}
                jwt: {issuer: x}
              allowed_origins: [ops.example.com]
              tls: {cert_file: /x.pem}
            """
        ).map(\.description)
        #expect(
            issues.contains { $0.hasPrefix("sluice.yaml:6:") && $0.contains("server.auth.tokens[0].token: a token must be at least 16 characters") }
        )
        #expect(issues.contains { $0.contains("server.auth.tokens[1]: give either token or token_file, not both") })
        #expect(issues.contains { $0.contains("server.auth.tokens[2].scopes: expected scopes among read, ingest, admin, got \"write\"") })
        #expect(issues.contains { $0.contains("server.auth.tokens[3].token: missing") })
        #expect(issues.contains { $0.contains("server.auth.jwt: expected at least one key") })
        #expect(issues.contains { $0.contains("server.allowed_origins: expected origins such as https://ops.example.com") })
        #expect(issues.contains { $0.contains("server.tls.key_file: missing") })
        #expect(issues.count == 7, "\(issues.joined(separator: "\n"))")
    }

    @Test func secretsFromTheEnvironmentAreRedactedInErrors() {
        let issues = Self.issues(
            """
            server:
              auth:
                jwt: {hs256_secret: "${JWT_SECRET}"}
            """,
            environment: ["JWT_SECRET": "too-short-secret"]
        )
        let text = issues.map(\.description).joined(separator: "\n")
        #expect(text.contains("server.auth.jwt.hs256_secret: an HS256 secret must be at least 32 characters"))
        #expect(!text.contains("too-short-secret"))
        #expect("\(SecretSource.value("too-short-secret"))" == "value(<redacted>)")
        #expect(!String(reflecting: ServerToken(name: "a", secret: .value("too-short-secret"), scopes: [.read])).contains("too-short-secret"))
    }
}
