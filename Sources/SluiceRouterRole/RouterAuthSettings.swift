import SluiceCore
import SluiceHTTPAuth
import SluiceRuntime

/// The `auth` section: who may call the platform API. Secrets come from the environment or files, never from
/// the file itself.
///
/// ```yaml
/// auth:
///   tokens: [{name: ops, token_env: ROUTER_ADMIN_TOKEN, scopes: [admin]}]
///   jwt: {hs256_secret_file: /etc/sluice/jwt.secret, issuer: platform, audience: router}
/// ```
struct RouterAuthSettings: Decodable {
    struct Token: Decodable {
        var name: String
        var tokenEnv: String?
        var tokenFile: String?
        var scopes: [String]

        enum CodingKeys: String, CodingKey {
            case name
            case tokenEnv = "token_env"
            case tokenFile = "token_file"
            case scopes
        }
    }

    struct JWT: Decodable {
        var hs256SecretEnv: String?
        var hs256SecretFile: String?
        var publicKeys: [String]?
        var issuer: String?
        var audience: String?

        enum CodingKeys: String, CodingKey {
            case hs256SecretEnv = "hs256_secret_env"
            case hs256SecretFile = "hs256_secret_file"
            case publicKeys = "public_keys"
            case issuer
            case audience
        }
    }

    var tokens: [Token]?
    var jwt: JWT?

    /// The authentication configuration, with secrets read from the environment and files.
    func configuration(environment: [String: String]) throws -> HTTPAuthConfiguration {
        var auth = HTTPAuthConfiguration()
        for (index, token) in (tokens ?? []).enumerated() {
            let field = "auth.tokens[\(index)]"
            let secret = try Self.secret(env: token.tokenEnv, file: token.tokenFile, field: field, environment: environment)
            auth.tokens.append(StaticToken(name: token.name, secret: secret, scopes: Set(token.scopes.map(HTTPScope.init(rawValue:)))))
        }
        if let jwt {
            var verification = JWTVerification(issuer: jwt.issuer, audience: jwt.audience)
            if jwt.hs256SecretEnv != nil || jwt.hs256SecretFile != nil {
                verification.hs256Secret = Array(
                    try Self.secret(env: jwt.hs256SecretEnv, file: jwt.hs256SecretFile, field: "auth.jwt.hs256_secret", environment: environment).utf8
                )
            }
            for file in jwt.publicKeys ?? [] { verification.publicKeys.append(try Self.text(of: file, field: "auth.jwt.public_keys")) }
            auth.jwt = verification
        }
        guard auth.isEnabled else { throw RouterAuthError("auth: no token and no JWT key; the platform API needs one") }
        return auth
    }

    private static func secret(env: String?, file: String?, field: String, environment: [String: String]) throws -> String {
        if let env {
            guard let value = environment[env], !value.isEmpty else { throw RouterAuthError("\(field): the environment variable \(env) is not set") }
            return value
        }
        if let file {
            let value = try text(of: file, field: field).trimmingWhitespace()
            guard !value.isEmpty else { throw RouterAuthError("\(field): \(file) is empty") }
            return value
        }
        throw RouterAuthError("\(field): give the secret's environment variable (…_env) or file (…_file)")
    }

    private static func text(of file: String, field: String) throws -> String {
        do {
            return try TextFile.read(file)
        } catch {
            throw RouterAuthError("\(field): cannot read \(file): \(error)")
        }
    }
}

/// A problem with the `auth` section that only shows when its secrets are read.
struct RouterAuthError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
