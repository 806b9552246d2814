import FoundationEssentials

/// The authentication fields of the `CONNECT` message; `nil` fields are left out of the JSON.
///
/// ``description`` redacts the token, password and signature.
struct ConnectAuthFields: Encodable, Sendable, Equatable {
    /// `auth_token`: a shared token.
    var authToken: String?
    /// `user`: the user name for user/password auth.
    var user: String?
    /// `pass`: the password for user/password auth.
    var pass: String?
    /// `nkey`: the user's public NKey, for NKey auth (not sent with a JWT).
    var nkey: String?
    /// `jwt`: the user JWT, for creds auth.
    var jwt: String?
    /// `sig`: the Ed25519 signature of the server's nonce, base64url without padding.
    var sig: String?

    enum CodingKeys: String, CodingKey {
        case authToken = "auth_token"
        case user, pass, nkey, jwt, sig
    }
}

extension ConnectAuthFields: CustomStringConvertible {
    var description: String {
        var parts: [String] = []
        if authToken != nil { parts.append("auth_token: <redacted>") }
        if let user { parts.append("user: \(user)") }
        if pass != nil { parts.append("pass: <redacted>") }
        if let nkey { parts.append("nkey: \(nkey)") }
        if jwt != nil { parts.append("jwt: <\(jwt?.utf8.count ?? 0) bytes>") }
        if sig != nil { parts.append("sig: <redacted>") }
        return "ConnectAuthFields(\(parts.joined(separator: ", ")))"
    }
}

extension NATSAuth {
    /// The `CONNECT` fields for this authentication, signing `nonce` where a key is involved.
    ///
    /// Files (``nkeyFile(path:)``, ``credentials(path:)``) are read on every call, so call it off
    /// the event loop, once per connection attempt; a rotated file is picked up on reconnect.
    ///
    /// - Parameter nonce: The `nonce` from the server's `INFO`. NKey and JWT auth sign its UTF-8
    ///   bytes; a server that sends none gets a signature of the empty string, as nats.go does.
    /// - Throws: ``NATSError`` (``NATSError/Code/invalidArgument``) naming the file and what is wrong
    ///   when a seed, file or JWT is not usable. Messages never contain a secret.
    func connectFields(nonce: String?) throws -> ConnectAuthFields {
        switch self {
        case .none:
            return ConnectAuthFields()
        case .token(let token):
            return ConnectAuthFields(authToken: token)
        case .userPassword(let user, let password):
            return ConnectAuthFields(user: user, pass: password)
        case .nkey(let seed):
            let pair = try Credentials.userKeyPair(seed: seed, source: "NKey seed")
            return ConnectAuthFields(nkey: pair.publicKey, sig: try Self.signature(of: nonce, with: pair))
        case .nkeyFile(let path):
            let seed = try Credentials.loadSeed(path: path)
            let pair = try Credentials.userKeyPair(seed: seed, source: "NKey seed file '\(path)'")
            return ConnectAuthFields(nkey: pair.publicKey, sig: try Self.signature(of: nonce, with: pair))
        case .credentials(let path):
            let (jwt, seed) = try Credentials.load(path: path)
            return try Self.jwtFields(jwt: jwt, seed: seed, source: "credentials file '\(path)'", nonce: nonce)
        case .credentialsContent(let text):
            let (jwt, seed) = try Credentials.parse(text, source: "credentials")
            return try Self.jwtFields(jwt: jwt, seed: seed, source: "credentials", nonce: nonce)
        }
    }

    private static func jwtFields(jwt: String, seed: String, source: String, nonce: String?) throws -> ConnectAuthFields {
        let pair = try Credentials.userKeyPair(seed: seed, source: source)
        return ConnectAuthFields(jwt: jwt, sig: try signature(of: nonce, with: pair))
    }

    private static func signature(of nonce: String?, with pair: NKeyPair) throws -> String {
        Base64URL.encode(try pair.sign(Array((nonce ?? "").utf8)))
    }
}

/// The `CONNECT` authentication fields for `auth`, signing the server's `nonce` where needed.
///
/// Same as ``NATSAuth/connectFields(nonce:)``.
func makeAuthFields(auth: NATSAuth, nonce: String?) throws -> ConnectAuthFields {
    try auth.connectFields(nonce: nonce)
}
