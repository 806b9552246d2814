/// How the client proves who it is to the server in `CONNECT`.
///
/// Secrets held here (tokens, passwords, seeds) never appear in ``description``
/// or in `dump()` output, so an options value can be logged safely.
public enum NATSAuth: Sendable {
    /// No credentials (or only those carried by the server URL).
    case none
    /// A shared token, sent as `auth_token`.
    case token(String)
    /// A user name and password, sent as `user` and `pass`.
    case userPassword(user: String, password: String)
    /// A user NKey seed (`SU…`). The client sends the public key and signs the server's nonce with it.
    case nkey(seed: String)
    /// A file holding a user NKey seed (`SU…`), alone or decorated as `nsc` writes it. Read on every connect.
    case nkeyFile(path: String)
    /// A `.creds` file holding a user JWT and its NKey seed, as `nsc` writes it. Read on every connect,
    /// so a rotated file is picked up on reconnect.
    case credentials(path: String)
    /// The text of a `.creds` file (a user JWT and its NKey seed).
    case credentialsContent(String)
}

extension NATSAuth: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The kind of authentication, without any secret.
    public var description: String {
        switch self {
        case .none: "NATSAuth.none"
        case .token: "NATSAuth.token(<redacted>)"
        case .userPassword(let user, _): "NATSAuth.userPassword(user: \(user), password: <redacted>)"
        case .nkey: "NATSAuth.nkey(seed: <redacted>)"
        case .nkeyFile(let path): "NATSAuth.nkeyFile(path: \(path))"
        case .credentials(let path): "NATSAuth.credentials(path: \(path))"
        case .credentialsContent: "NATSAuth.credentialsContent(<redacted>)"
        }
    }

    /// Same as ``description``: secrets are redacted here too.
    public var debugDescription: String { description }

    /// A mirror with no children, so `dump()` cannot reveal a secret.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
