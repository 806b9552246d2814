import ArgumentParser
import Foundation
import SluiceCore
import SluiceHTTPAuth
import SluiceRuntime
import SluiceServer

/// `sluice token issue --scope admin --ttl 1h --config sluice.yaml`: prints an HS256 JWT the server accepts.
struct TokenIssueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Print a signed JWT (HS256) for the operations API.",
        discussion: """
            The secret is the configuration's server.auth.jwt.hs256_secret (or hs256_secret_file), or the content of \
            --secret-file. The issuer and audience default to the configuration's server.auth.jwt.issuer and audience. \
            Give the token to a client in a file (sluice dlq --token-file) or in SLUICE_TOKEN.
            """
    )

    @Option(name: .customLong("scope"), help: "A scope to grant: read, ingest or admin (repeatable).")
    var scopes: [String]

    @Option(help: "How long the token is valid, such as 15m, 1h, 24h.")
    var ttl: String = "1h"

    @Option(help: "The configuration file whose server.auth.jwt holds the HS256 secret.")
    var config: String?

    @Option(help: "A file holding the HS256 secret (instead of --config).")
    var secretFile: String?

    @Option(help: "The token's subject (sub): who it is for.")
    var subject: String?

    @Option(help: "The token's issuer (iss); default the configuration's server.auth.jwt.issuer.")
    var issuer: String?

    @Option(help: "The token's audience (aud); default the configuration's server.auth.jwt.audience.")
    var audience: String?

    func validate() throws {
        if (config == nil) == (secretFile == nil) { throw ValidationError("give either --config or --secret-file") }
        for scope in scopes where ServerScope(rawValue: scope) == nil {
            throw ValidationError("--scope: expected read, ingest or admin, got \"\(scope)\"")
        }
        if scopes.isEmpty { throw ValidationError("give at least one --scope (read, ingest or admin)") }
        _ = try lifetime()
    }

    func run() async throws {
        let (secret, jwt) = try signingSettings()
        let token = try await HS256TokenIssuer(secret: secret).issue(
            scopes: scopes.map { HTTPScope($0) },
            lifetime: try lifetime(),
            subject: subject,
            issuer: issuer ?? jwt?.issuer,
            audience: audience ?? jwt?.audience
        )
        print(token)
    }

    /// `--ttl` as a duration.
    private func lifetime() throws -> Duration {
        guard let duration = try? Duration(parsing: ttl), duration > .zero else {
            throw ValidationError("--ttl: expected a positive duration such as 15m or 1h, got \"\(ttl)\"")
        }
        return duration
    }

    /// The secret, and the configuration's JWT settings when it came from one.
    private func signingSettings() throws -> ([UInt8], JWTVerification?) {
        if let secretFile {
            let text: String
            do {
                text = try String(contentsOfFile: secretFile, encoding: .utf8)
            } catch {
                throw ValidationError("--secret-file: cannot read \(secretFile): \(error.localizedDescription)")
            }
            let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if secret.isEmpty { throw ValidationError("--secret-file: \(secretFile) is empty") }
            return (Array(secret.utf8), nil)
        }
        let file = config ?? ""
        let jwt: JWTVerification?
        do {
            jwt = try SluiceHTTPServerConfiguration(config: try SluiceConfig.load(file: file)).auth.jwt
        } catch {
            FileHandle.standardError.write(Data("sluice token issue: \(error)\n".utf8))
            throw ExitCode.failure
        }
        guard let jwt, let secret = jwt.hs256Secret else {
            throw ValidationError("\(file) has no server.auth.jwt.hs256_secret (or hs256_secret_file) to sign with")
        }
        return (secret, jwt)
    }
}
