import SluiceCore

/// A queue consumer's subject filter: SluiceCore's ``SubjectPattern`` (`*` one token, a final `>` the rest),
/// with its errors reported as ``SluiceSQLiteError``.
struct SubjectFilter: Sendable, Hashable {
    private let pattern: SubjectPattern

    /// The filter as written.
    var text: String { pattern.text }

    /// Parses `text`; throws ``SluiceSQLiteError/Code/invalidArgument`` when it is not a valid filter.
    init(_ text: String) throws {
        do {
            pattern = try SubjectPattern(parsing: text)
        } catch let error as SluiceError {
            throw SluiceSQLiteError(.invalidArgument, error.reason)
        }
    }

    /// Throws ``SluiceSQLiteError/Code/invalidArgument`` unless `subject` is a valid subject to publish to
    /// (non-empty tokens, no whitespace, no wildcards).
    static func validate(subject: String) throws {
        do {
            try Subject.validate(subject)
        } catch let error as SluiceError {
            throw SluiceSQLiteError(.invalidArgument, error.reason)
        }
    }

    /// Whether `subject` (a valid subject) matches this filter.
    func matches(_ subject: String) -> Bool {
        pattern.matches(subject)
    }
}
