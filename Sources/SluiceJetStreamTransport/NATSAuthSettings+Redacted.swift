extension NATSAuthSettings: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The kind of credentials, without any secret: safe in logs, errors and `dump`.
    public var description: String {
        switch self {
        case .none: "none"
        case .token: "token(<redacted>)"
        case .userPassword(let user, _): "userPassword(user: \(user), password: <redacted>)"
        case .credentials(let file): "credentials(file: \(file))"
        case .nkey(let seedFile): "nkey(seedFile: \(seedFile))"
        }
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: ["redacted": description]) }
}
