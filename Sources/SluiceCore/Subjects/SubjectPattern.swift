/// A NATS subject pattern: tokens separated by `.`, where `*` matches exactly one token and a final `>` matches one
/// or more tokens. `es.iconik.*` matches `es.iconik.assets`; `es.>` matches `es.iconik.assets` but not `es`.
///
/// Patterns are checked when made: no empty tokens, no whitespace or control characters, `*` and `>` only as whole
/// tokens, and `>` only last. A pattern can be written as a string literal; a literal that does not parse is a
/// programmer error and stops the program. Parse text from configuration with ``init(parsing:)``, which throws.
public struct SubjectPattern: Sendable, Hashable {
    private enum Token: Sendable, Hashable {
        case literal([UInt8])
        case anyToken
        case anyRest
    }

    private let tokens: [Token]

    /// The pattern's text.
    public let text: String

    /// Parses a pattern such as `es.iconik.*` or `dev.data.sync.>`.
    ///
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/invalidSubjectPattern`` naming the problem.
    public init(parsing text: String) throws {
        guard !text.isEmpty else { throw SluiceError(.invalidSubjectPattern, "the subject pattern is empty") }
        let parts = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        var tokens: [Token] = []
        for (position, part) in parts.enumerated() {
            func failure(_ problem: String) -> SluiceError {
                SluiceError(.invalidSubjectPattern, "subject pattern \"\(text)\" \(problem)")
            }
            guard !part.isEmpty else { throw failure("has an empty token") }
            if part.elementsEqual("*".utf8) {
                tokens.append(.anyToken)
            } else if part.elementsEqual(">".utf8) {
                guard position == parts.count - 1 else { throw failure("has '>' before its last token") }
                tokens.append(.anyRest)
            } else {
                let token = String(decoding: part, as: UTF8.self)
                if let problem = Subject.tokenProblem(token) {
                    throw failure("has a token \"\(token)\" that \(problem); wildcards must be whole tokens")
                }
                tokens.append(.literal(Array(part)))
            }
        }
        self.tokens = tokens
        self.text = text
    }

    /// Whether the pattern has no wildcards, so it matches exactly one subject.
    public var isLiteral: Bool {
        tokens.allSatisfy { if case .literal = $0 { true } else { false } }
    }

    /// Whether `subject` matches the pattern. A subject with empty tokens matches nothing.
    public func matches(_ subject: String) -> Bool {
        var subject = subject
        return subject.withUTF8 { matches(bytes: $0) }
    }

    private func matches(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var tokenIndex = 0
        var start = 0
        for end in 0...bytes.count where end == bytes.count || bytes[end] == UInt8(ascii: ".") {
            guard tokenIndex < tokens.count, end > start else { return false }
            switch tokens[tokenIndex] {
            case .anyRest:
                return Self.hasNoEmptyToken(bytes, from: end)
            case .anyToken:
                break
            case .literal(let literal):
                guard literal.elementsEqual(bytes[start..<end]) else { return false }
            }
            tokenIndex += 1
            start = end + 1
        }
        return tokenIndex == tokens.count
    }

    /// Whether the bytes from `offset` (the end of a non-empty token) on have no empty token.
    private static func hasNoEmptyToken(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> Bool {
        var afterDot = false
        for byte in bytes[offset...] {
            let isDot = byte == UInt8(ascii: ".")
            if isDot, afterDot { return false }
            afterDot = isDot
        }
        return !afterDot
    }
}

extension SubjectPattern: CustomStringConvertible {
    /// The pattern's text.
    public var description: String { text }
}

extension SubjectPattern: ExpressibleByStringLiteral {
    /// A pattern from a literal in code; an invalid literal stops the program.
    public init(stringLiteral text: String) {
        do {
            try self.init(parsing: text)
        } catch {
            preconditionFailure("invalid subject pattern literal \"\(text)\": \(error)")
        }
    }
}

extension SubjectPattern: Codable {
    /// Decodes a pattern from its text; an invalid pattern is a `DecodingError.dataCorrupted` with the reason.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do {
            try self.init(parsing: try container.decode(String.self))
        } catch let error as SluiceError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.reason)
        }
    }

    /// Encodes the pattern as its text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
