/// A YAML text this reader refuses: invalid YAML, or YAML it does not support, with the position of the problem.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is.
    public var mark: YAMLMark
    /// What is wrong, for people.
    public var message: String

    /// A problem at `mark`.
    public init(_ message: String, at mark: YAMLMark) {
        self.message = message
        self.mark = mark
    }

    /// `line:column: message`.
    public var description: String { "\(mark): \(message)" }
}
