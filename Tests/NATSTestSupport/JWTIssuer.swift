import Foundation
import NATS

/// A NATS operator for tests: an operator key, a system account and one application account,
/// with JWTs signed `ed25519-nkey` as `nsc` would sign them.
///
/// ```swift
/// let issuer = JWTIssuer()
/// let user = try issuer.issueUser()
/// try issuer.credsFile(for: user).write(toFile: path, atomically: true, encoding: .utf8)
/// let server = try await TestNATSServer.start(config: issuer.serverConfig)
/// ```
public struct JWTIssuer: Sendable {
    /// The operator's key; it signs the account JWTs and its own.
    public let operatorKey: NKeyPair
    /// The system account's key (`system_account` in the server config; JetStream off).
    public let systemAccountKey: NKeyPair
    /// The application account's key; it signs user JWTs.
    public let accountKey: NKeyPair
    /// The self-signed operator JWT.
    public let operatorJWT: String
    /// The system account's JWT, signed by the operator.
    public let systemAccountJWT: String
    /// The application account's JWT, signed by the operator, with unlimited JetStream.
    public let accountJWT: String

    /// A user the application account issued: its JWT and key.
    public struct User: Sendable {
        /// The user JWT, signed by the account.
        public var jwt: String
        /// The user's key; `key.seed` is the secret that goes in the `.creds` file.
        public var key: NKeyPair
    }

    /// Creates a new operator with fresh keys.
    ///
    /// - Parameter name: The operator's name in its JWT.
    public init(name: String = "sluice-test") throws {
        operatorKey = .generate(.operator)
        systemAccountKey = .generate(.account)
        accountKey = .generate(.account)
        operatorJWT = try JWTEncoding.sign(
            Claims(
                subject: operatorKey.publicKey,
                name: name,
                nats: .operator(systemAccount: systemAccountKey.publicKey)
            ),
            with: operatorKey
        )
        systemAccountJWT = try JWTEncoding.sign(
            Claims(subject: systemAccountKey.publicKey, name: "SYS", nats: .account(jetStream: false)),
            with: operatorKey
        )
        accountJWT = try JWTEncoding.sign(
            Claims(subject: accountKey.publicKey, name: "APP", nats: .account(jetStream: true)),
            with: operatorKey
        )
    }

    /// Issues a user of the application account.
    ///
    /// - Parameters:
    ///   - name: The user's name in its JWT.
    ///   - publish: Subjects the user may publish to; empty allows all.
    ///   - subscribe: Subjects the user may subscribe to; empty allows all.
    public func issueUser(name: String = "test-user", publish: [String] = [], subscribe: [String] = []) throws -> User {
        let key = NKeyPair.generate(.user)
        let claims = Claims(
            subject: key.publicKey,
            name: name,
            nats: .user(publish: publish, subscribe: subscribe)
        )
        return User(jwt: try JWTEncoding.sign(claims, with: accountKey), key: key)
    }

    /// The `.creds` file text for `user`, decorated as `nsc generate creds` writes it.
    public func credsFile(for user: User) -> String {
        Self.credsFile(jwt: user.jwt, seed: user.key.seed)
    }

    /// The `.creds` file text for a user JWT and its seed.
    public static func credsFile(jwt: String, seed: String) -> String {
        """
        -----BEGIN NATS USER JWT-----
        \(jwt)
        ------END NATS USER JWT------

        ************************* IMPORTANT *************************
        NKEY Seed printed below can be used to sign and prove identity.
        NKEYs are sensitive and should be treated as secrets.

        -----BEGIN USER NKEY SEED-----
        \(seed)
        ------END USER NKEY SEED------

        *************************************************************

        """
    }

    /// The `nats-server` configuration that trusts this operator and preloads both accounts
    /// (a memory resolver, as `nsc generate config --mem-resolver` writes).
    public var serverConfig: String {
        """
        operator: "\(operatorJWT)"
        system_account: \(systemAccountKey.publicKey)
        resolver: MEMORY
        resolver_preload: {
          \(systemAccountKey.publicKey): "\(systemAccountJWT)"
          \(accountKey.publicKey): "\(accountJWT)"
        }

        """
    }
}

/// Ready-made users and the server configuration that accepts them.
public enum TestAuth {
    /// A user who authenticates with an NKey, and the `authorization` block that allows it.
    public static func nkeyUser() -> (seed: String, publicKey: String, serverConfig: String) {
        let key = NKeyPair.generate(.user)
        let config = """
            authorization {
              users = [
                { nkey: \(key.publicKey) }
              ]
            }

            """
        return (key.seed, key.publicKey, config)
    }

    /// A user with a `.creds` file written into `dir` (`user.creds`), and the operator-mode config that
    /// trusts it. The application account has JetStream enabled.
    public static func credsUser(dir: String) throws -> (credsPath: String, serverConfig: String) {
        let issuer = try JWTIssuer()
        let user = try issuer.issueUser()
        let path = URL(fileURLWithPath: dir).appendingPathComponent("user.creds").path
        try issuer.credsFile(for: user).write(toFile: path, atomically: true, encoding: .utf8)
        return (path, issuer.serverConfig)
    }

    /// The `authorization` block for token auth.
    public static func tokenConfig(_ token: String) -> String {
        "authorization {\n  token: \"\(token)\"\n}\n"
    }

    /// The `authorization` block for user/password auth.
    public static func userPasswordConfig(user: String, password: String) -> String {
        "authorization {\n  user: \"\(user)\"\n  password: \"\(password)\"\n}\n"
    }
}

// MARK: - JWT encoding

/// The claims of a NATS JWT (`nats-io/jwt` v2 field names).
private struct Claims: Encodable {
    var jti = JWTEncoding.randomID()
    var iat = Int(Date().timeIntervalSince1970)
    var iss = ""
    var sub: String
    var name: String
    var nats: NATSClaims

    init(subject: String, name: String, nats: NATSClaims) {
        self.sub = subject
        self.name = name
        self.nats = nats
    }
}

/// The `nats` object of operator, account and user JWTs.
private struct NATSClaims: Encodable {
    struct Limits: Encodable {
        var subs = -1, data = -1, payload = -1
        var imports = -1, exports = -1, wildcards = true, conn = -1, leaf = -1
        // JetStream: 0 leaves it off for the account, -1 is unlimited.
        var mem_storage = 0, disk_storage = 0, streams = 0, consumer = 0
    }
    struct Permission: Encodable {
        var allow: [String]?
    }

    var type: String
    var version = 2
    var system_account: String?
    var limits: Limits?
    var pub: Permission?
    var sub: Permission?
    var subs: Int?
    var data: Int?
    var payload: Int?

    static func `operator`(systemAccount: String) -> Self {
        NATSClaims(type: "operator", system_account: systemAccount)
    }

    static func account(jetStream: Bool) -> Self {
        var limits = Limits()
        if jetStream { (limits.mem_storage, limits.disk_storage, limits.streams, limits.consumer) = (-1, -1, -1, -1) }
        return NATSClaims(type: "account", limits: limits)
    }

    static func user(publish: [String], subscribe: [String]) -> Self {
        NATSClaims(
            type: "user",
            pub: Permission(allow: publish.isEmpty ? nil : publish),
            sub: Permission(allow: subscribe.isEmpty ? nil : subscribe),
            subs: -1,
            data: -1,
            payload: -1
        )
    }
}

private enum JWTEncoding {
    static let header = #"{"typ":"JWT","alg":"ed25519-nkey"}"#

    /// `base64url(header).base64url(claims).base64url(Ed25519(first two parts))`, issuer set to `signer`.
    static func sign(_ claims: Claims, with signer: NKeyPair) throws -> String {
        var claims = claims
        claims.iss = signer.publicKey
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = base64URL(Array(header.utf8)) + "." + base64URL(Array(try encoder.encode(claims)))
        return body + "." + base64URL(try signer.sign(Array(body.utf8)))
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A unique `jti`: 52 base32 characters, the length `nsc`'s hashes have. The server does not check it.
    static func randomID() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        return String((0..<52).map { _ in alphabet.randomElement()! })
    }
}
