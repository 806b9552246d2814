/// A long-lived bearer token configured on the server, with the scopes it grants.
///
/// Its description names it but never shows the secret.
public struct StaticToken: Sendable, Hashable, CustomStringConvertible {
    /// A name for logs and for telling tokens apart (`ci`, `grafana`).
    public var name: String
    /// The secret a client sends as `Authorization: Bearer <secret>`.
    public var secret: String
    /// What the token may do.
    public var scopes: Set<HTTPScope>

    public init(name: String, secret: String, scopes: Set<HTTPScope>) {
        self.name = name
        self.secret = secret
        self.scopes = scopes
    }

    public var description: String {
        "StaticToken(name: \(name), scopes: \(scopes.map(\.rawValue).sorted().joined(separator: " ")), secret: <redacted>)"
    }
}
