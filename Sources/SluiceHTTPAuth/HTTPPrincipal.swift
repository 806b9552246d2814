/// Who made an authenticated request, and what it may do.
public struct HTTPPrincipal: Sendable, Hashable {
    /// The static token's name, or the JWT's subject (`sub`; `jwt` when it has none).
    public var name: String
    /// The scopes the credential carries.
    public var scopes: Set<HTTPScope>

    public init(name: String, scopes: Set<HTTPScope>) {
        self.name = name
        self.scopes = scopes
    }

    /// Whether one of the principal's scopes grants `required`.
    public func isGranted(_ required: HTTPScope) -> Bool {
        scopes.contains { $0.grants(required) }
    }
}
