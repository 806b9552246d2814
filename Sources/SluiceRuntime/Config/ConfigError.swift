/// One problem in a configuration file: where it is, which field, and what is allowed.
public struct ConfigIssue: Sendable, Hashable, CustomStringConvertible {
    /// The file, as it was given.
    public var file: String
    /// 1-based line, 0 when unknown.
    public var line: Int
    /// 1-based column, 0 when unknown.
    public var column: Int
    /// The field path, e.g. `pipelines[0].batch.max_records`; empty for the document.
    public var path: String
    /// What is wrong and what is allowed.
    public var message: String

    /// Creates an issue.
    public init(file: String, line: Int, column: Int, path: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    /// `file:line:column: path: message`, the form compilers use so editors can jump to it.
    public var description: String {
        let location = line > 0 ? "\(file):\(line):\(column)" : file
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}

/// A configuration that cannot be used: it cannot be read, is not YAML, or has invalid fields.
///
/// Match on ``code``; ``issues`` lists every problem found, each with its location and field path.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// The file cannot be read.
        public static let unreadable = Code("unreadable")
        /// The text is not valid YAML.
        public static let syntax = Code("syntax")
        /// The YAML is valid but fields are missing, unknown or out of range.
        public static let invalid = Code("invalid")
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// Every problem found, in document order.
    public var issues: [ConfigIssue]

    /// Creates an error.
    public init(_ code: Code, issues: [ConfigIssue]) {
        self.code = code
        self.issues = issues
    }

    /// One issue per line.
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
