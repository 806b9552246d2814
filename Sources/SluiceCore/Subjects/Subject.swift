/// Rules for concrete NATS subjects (the ones messages are published to), and for the tokens they are made of.
///
/// A subject is one or more non-empty tokens separated by `.`. Sluice is stricter than the server: no token may
/// contain whitespace, control characters, `*` or `>` anywhere, so a published subject can never act as a wildcard.
public enum Subject {
    /// Checks that `subject` is a valid concrete subject.
    ///
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/invalidSubject`` naming the problem.
    public static func validate(_ subject: String) throws {
        guard !subject.isEmpty else { throw SluiceError(.invalidSubject, "the subject is empty") }
        var tokenLength = 0
        for (offset, byte) in subject.utf8.enumerated() {
            if byte == UInt8(ascii: ".") {
                guard tokenLength > 0 else { throw emptyToken(subject) }
                tokenLength = 0
                continue
            }
            if let problem = problem(with: byte) {
                throw SluiceError(.invalidSubject, "subject \"\(subject)\" contains \(problem) at byte \(offset)")
            }
            tokenLength += 1
        }
        guard tokenLength > 0 else { throw emptyToken(subject) }
    }

    /// Whether `subject` is a valid concrete subject (see ``validate(_:)``).
    public static func isValid(_ subject: String) -> Bool {
        (try? validate(subject)) != nil
    }

    /// Why `value` cannot be one subject token, or `nil` when it can: it is empty, or contains `.`, whitespace,
    /// a control character, `*` or `>`.
    public static func tokenProblem(_ value: String) -> String? {
        guard !value.isEmpty else { return "is empty" }
        for byte in value.utf8 {
            if byte == UInt8(ascii: ".") { return "contains '.'" }
            if let problem = problem(with: byte) { return "contains \(problem)" }
        }
        return nil
    }

    private static func problem(with byte: UInt8) -> String? {
        switch byte {
        case UInt8(ascii: " "): "a space"
        case ..<0x20, 0x7F: "a control character"
        case UInt8(ascii: "*"), UInt8(ascii: ">"): "the wildcard '\(Character(Unicode.Scalar(byte)))'"
        default: nil
        }
    }

    private static func emptyToken(_ subject: String) -> SluiceError {
        SluiceError(.invalidSubject, "subject \"\(subject)\" has an empty token")
    }
}
