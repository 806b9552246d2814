/// Checks subjects to subscribe to and queue group names before they are sent (subjects to publish to are checked
/// as they are encoded: ``RawWriter/writeSubject(_:)``).
enum SubjectValidation {
    /// A queue group name: not empty, no whitespace.
    static func validateQueue(_ queue: String) throws {
        guard !queue.isEmpty, !queue.utf8.contains(where: { $0 <= .space || $0 == 0x7F }) else {
            throw NATSError(.invalidArgument, "queue group '\(queue)' is empty or has whitespace")
        }
    }

    /// A subject to subscribe to: no whitespace, no empty tokens, `*` only as a whole token and `>` only as the last one.
    static func validateSubscribe(_ subject: String) throws {
        guard !subject.isEmpty else { throw NATSError(.invalidArgument, "subject is empty") }
        var tokenLength = 0
        var tokenIsWildcard = false
        var sawFullWildcard = false
        for byte in subject.utf8 {
            if byte <= .space || byte == 0x7F {
                throw NATSError(.invalidArgument, "subject '\(subject)' has whitespace or control characters")
            }
            if sawFullWildcard {
                throw NATSError(.invalidArgument, "subject '\(subject)': '>' must be the last token")
            }
            if byte == UInt8(ascii: ".") {
                guard tokenLength > 0 else { throw NATSError(.invalidArgument, "subject '\(subject)' has an empty token") }
                tokenLength = 0
                tokenIsWildcard = false
                continue
            }
            if byte == UInt8(ascii: "*") || byte == UInt8(ascii: ">") {
                guard tokenLength == 0 else {
                    throw NATSError(.invalidArgument, "subject '\(subject)': wildcards must be whole tokens")
                }
                tokenIsWildcard = true
                sawFullWildcard = byte == UInt8(ascii: ">")
            } else if tokenIsWildcard {
                throw NATSError(.invalidArgument, "subject '\(subject)': wildcards must be whole tokens")
            }
            tokenLength += 1
        }
        guard tokenLength > 0 else { throw NATSError(.invalidArgument, "subject '\(subject)' has an empty token") }
    }
}
