extension SecretSource: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Where the secret is, without the secret: safe in logs, errors and `dump`.
    public var description: String {
        switch self {
        case .value: "value(<redacted>)"
        case .file(let path): "file(\(path))"
        }
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: ["redacted": description]) }
}
