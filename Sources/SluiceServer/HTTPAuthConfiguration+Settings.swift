import FoundationEssentials
public import SluiceHTTPAuth
public import SluiceRuntime

extension HTTPAuthConfiguration {
    /// The authentication an `auth:` block of the configuration describes (`server.auth`, or another API's block
    /// of the same shape), with the tokens, secrets and keys its files hold.
    ///
    /// - Parameters:
    ///   - settings: The decoded block.
    ///   - field: Its path in the configuration, to name the field at fault in errors.
    /// - Throws: ``SluiceHTTPServerError`` naming the field whose file cannot be read or holds too short a secret.
    public init(settings: ServerAuthSettings, field: String = "server.auth") throws(SluiceHTTPServerError) {
        self.init(openHealth: settings.openHealth, openMetrics: settings.openMetrics)
        for (index, token) in settings.tokens.enumerated() {
            let secret = try Self.read(token.secret, field: "\(field).tokens[\(index)].token", minimumLength: 16)
            tokens.append(StaticToken(name: token.name, secret: secret, scopes: Set(token.scopes.map { HTTPScope($0.rawValue) })))
        }
        if let settings = settings.jwt {
            var verification = JWTVerification(issuer: settings.issuer, audience: settings.audience, leeway: settings.leeway)
            if let secret = settings.hs256Secret {
                verification.hs256Secret = Array(try Self.read(secret, field: "\(field).jwt.hs256_secret", minimumLength: 32).utf8)
            }
            for (index, file) in settings.publicKeyFiles.enumerated() {
                verification.publicKeys.append(try Self.text(of: file, field: "\(field).jwt.public_keys[\(index)]"))
            }
            if let file = settings.jwksFile { verification.jwks = try Self.text(of: file, field: "\(field).jwt.jwks_file") }
            jwt = verification
        }
    }

    /// A secret given inline or in a file (without its surrounding white space). The configuration checked the length
    /// of an inline one; one from a file is checked here, by the same rule.
    private static func read(_ source: SecretSource, field: String, minimumLength: Int) throws(SluiceHTTPServerError) -> String {
        switch source {
        case .value(let secret): return secret
        case .file(let path):
            let secret = Self.trimmingWhitespace(try text(of: path, field: "\(field)_file"))
            guard secret.count >= minimumLength else {
                throw SluiceHTTPServerError(
                    field: "\(field)_file",
                    "\(path) holds \(secret.count) characters; at least \(minimumLength) are needed (openssl rand -hex 32 makes one)"
                )
            }
            return secret
        }
    }

    private static func trimmingWhitespace(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }), let last = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(text[first...last])
    }

    private static func text(of path: String, field: String) throws(SluiceHTTPServerError) -> String {
        do {
            return try TextFile.read(path)
        } catch {
            throw SluiceHTTPServerError(field: field, "cannot read \(path): \(error)")
        }
    }
}
