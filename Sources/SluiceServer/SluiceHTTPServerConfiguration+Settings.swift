import Foundation
import NIOSSL
import SluiceHTTPAuth
public import SluiceRuntime

extension SluiceHTTPServerConfiguration {
    /// The configuration of a Sluice configuration's `server:` section, with the secrets, keys and certificates
    /// its files hold, and each HTTP ingest pipeline's `source.max_body_bytes`.
    ///
    /// - Throws: ``SluiceHTTPServerError`` naming the field whose file cannot be read or used.
    public init(config: SluiceConfig) throws(SluiceHTTPServerError) {
        let server = config.server
        guard let address = SluiceHTTPServerConfiguration(address: server.listen) else {
            throw SluiceHTTPServerError(field: "server.listen", "expected host:port such as 127.0.0.1:8080, got \"\(server.listen)\"")
        }
        self = address
        allowedHosts = server.allowedHosts
        allowedOrigins = server.allowedOrigins
        idleTimeout = server.idleTimeout
        maxConnections = server.maxConnections
        auth = try Self.auth(server.auth)
        if let files = server.tls { tls = try Self.tls(files) }
        for pipeline in config.pipelines {
            if case .http(let http) = pipeline.source { ingestBodyLimits[pipeline.name] = http.maxBodyBytes }
        }
    }

    private static func auth(_ settings: ServerAuthSettings) throws(SluiceHTTPServerError) -> HTTPAuthConfiguration {
        var auth = HTTPAuthConfiguration(openHealth: settings.openHealth, openMetrics: settings.openMetrics)
        for (index, token) in settings.tokens.enumerated() {
            let secret = try read(token.secret, field: "server.auth.tokens[\(index)].token")
            auth.tokens.append(StaticToken(name: token.name, secret: secret, scopes: Set(token.scopes.map { HTTPScope($0.rawValue) })))
        }
        if let jwt = settings.jwt {
            var verification = JWTVerification(issuer: jwt.issuer, audience: jwt.audience, leeway: jwt.leeway)
            if let secret = jwt.hs256Secret {
                verification.hs256Secret = Array(try read(secret, field: "server.auth.jwt.hs256_secret").utf8)
            }
            for (index, file) in jwt.publicKeyFiles.enumerated() {
                verification.publicKeys.append(try text(of: file, field: "server.auth.jwt.public_keys[\(index)]"))
            }
            if let file = jwt.jwksFile { verification.jwks = try text(of: file, field: "server.auth.jwt.jwks_file") }
            auth.jwt = verification
        }
        return auth
    }

    private static func tls(_ files: ServerTLSSettings) throws(SluiceHTTPServerError) -> TLS {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(files.certificateFile)
        } catch {
            throw SluiceHTTPServerError(field: "server.tls.cert_file", "cannot use \(files.certificateFile) as a PEM certificate chain: \(error)")
        }
        guard !chain.isEmpty else {
            throw SluiceHTTPServerError(field: "server.tls.cert_file", "\(files.certificateFile) holds no certificate")
        }
        do {
            return TLS(certificateChain: chain, privateKey: try NIOSSLPrivateKey(file: files.keyFile, format: .pem))
        } catch {
            throw SluiceHTTPServerError(field: "server.tls.key_file", "cannot use \(files.keyFile) as a PEM private key: \(error)")
        }
    }

    /// A secret given inline or in a file (without its surrounding white space).
    private static func read(_ source: SecretSource, field: String) throws(SluiceHTTPServerError) -> String {
        switch source {
        case .value(let secret): return secret
        case .file(let path):
            let secret = try text(of: path, field: "\(field)_file").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !secret.isEmpty else { throw SluiceHTTPServerError(field: "\(field)_file", "\(path) is empty") }
            return secret
        }
    }

    private static func text(of path: String, field: String) throws(SluiceHTTPServerError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SluiceHTTPServerError(field: field, "cannot read \(path): \(error.localizedDescription)")
        }
    }
}
