/// A subject filter as NATS defines it: dot-separated tokens where `*` matches exactly one token and a
/// final `>` matches one or more.
struct SubjectFilter: Sendable, Hashable {
    private enum Token: Sendable, Hashable {
        case literal([UInt8])
        case any
        case rest
    }

    private let tokens: [Token]
    /// The filter as written.
    let text: String

    /// Parses `text`; throws ``SluiceSQLiteError/Code/invalidArgument`` when it is not a valid filter.
    init(_ text: String) throws {
        let parts = try Self.tokens(of: text, what: "subject filter")
        var tokens: [Token] = []
        for (offset, token) in parts.enumerated() {
            switch token {
            case "*": tokens.append(.any)
            case ">":
                guard offset == parts.count - 1 else {
                    throw SluiceSQLiteError(.invalidArgument, "'>' must be the last token of subject filter '\(text)'")
                }
                tokens.append(.rest)
            default:
                if token.contains("*") || token.contains(">") {
                    throw SluiceSQLiteError(.invalidArgument, "wildcards must be whole tokens in subject filter '\(text)'")
                }
                tokens.append(.literal(Array(token.utf8)))
            }
        }
        self.tokens = tokens
        self.text = text
    }

    /// Throws ``SluiceSQLiteError/Code/invalidArgument`` unless `subject` is a valid subject to publish to
    /// (non-empty tokens, no whitespace, no wildcards).
    static func validate(subject: String) throws {
        for token in try tokens(of: subject, what: "subject") where token.contains("*") || token.contains(">") {
            throw SluiceSQLiteError(.invalidArgument, "subject '\(subject)' contains a wildcard; publish to a concrete subject")
        }
    }

    /// Whether `subject` (a valid subject) matches this filter.
    func matches(_ subject: String) -> Bool {
        let bytes = subject.utf8
        var position = bytes.startIndex
        var exhausted = false
        for token in tokens {
            if exhausted { return false }
            let end = bytes[position...].firstIndex(of: Self.dot) ?? bytes.endIndex
            switch token {
            case .rest: return true
            case .any: break
            case .literal(let literal):
                if !bytes[position..<end].elementsEqual(literal) { return false }
            }
            if end == bytes.endIndex {
                exhausted = true
            } else {
                position = bytes.index(after: end)
            }
        }
        return exhausted
    }

    private static let dot = UInt8(ascii: ".")

    private static func tokens(of text: String, what: String) throws -> [Substring] {
        guard !text.isEmpty else { throw SluiceSQLiteError(.invalidArgument, "the \(what) is empty") }
        if text.contains(where: \.isWhitespace) {
            throw SluiceSQLiteError(.invalidArgument, "\(what) '\(text)' contains whitespace")
        }
        let tokens = text.split(separator: ".", omittingEmptySubsequences: false)
        if tokens.contains(where: \.isEmpty) {
            throw SluiceSQLiteError(.invalidArgument, "\(what) '\(text)' has an empty token")
        }
        return tokens
    }
}
