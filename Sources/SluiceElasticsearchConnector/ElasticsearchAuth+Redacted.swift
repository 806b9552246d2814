extension ElasticsearchClusterSettings.Auth: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The kind of credentials, without any secret: safe in logs, errors and `dump`.
    public var description: String {
        switch self {
        case .none: "none"
        case .basic(let user, _): "basic(user: \(user), password: <redacted>)"
        case .apiKey: "apiKey(<redacted>)"
        case .bearer: "bearer(<redacted>)"
        }
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: ["redacted": description]) }
}
