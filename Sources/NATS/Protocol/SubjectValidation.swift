/// Checks subjects and queue group names before they are sent.
enum SubjectValidation {
    /// A subject to publish to: not empty, no whitespace or control characters, no empty tokens, no wildcards.
    static func validatePublish(_ subject: String) throws {
        // The fast path, run on every publish: one pass over the bytes; the full check only explains a failure.
        let clean = subject.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let first = bytes.first, let last = bytes.last, first != .dot, last != .dot else { return false }
            var previous: UInt8 = 0
            for byte in bytes {
                if byte <= .space || byte == 0x7F || byte == .star || byte == .greaterThan || (byte == .dot && previous == .dot) {
                    return false
                }
                previous = byte
            }
            return true
        }
        if clean == true { return }
        try validate(subject, what: "subject", allowWildcards: false)
    }

    /// A subject to subscribe to: as for publishing, with `*` as a whole token and `>` as the last one.
    static func validateSubscribe(_ subject: String) throws {
        try validate(subject, what: "subject", allowWildcards: true)
    }

    /// A queue group name: not empty, no whitespace.
    static func validateQueue(_ queue: String) throws {
        guard !queue.isEmpty, !queue.utf8.contains(where: { $0 <= .space || $0 == 0x7F }) else {
            throw NATSError(.invalidArgument, "queue group '\(queue)' is empty or has whitespace")
        }
    }

    private static func validate(_ subject: String, what: String, allowWildcards: Bool) throws {
        guard !subject.isEmpty else { throw NATSError(.invalidArgument, "\(what) is empty") }
        var tokenLength = 0
        var tokenIsWildcard = false
        var sawFullWildcard = false
        for byte in subject.utf8 {
            if byte <= .space || byte == 0x7F {
                throw NATSError(.invalidArgument, "\(what) '\(subject)' has whitespace or control characters")
            }
            if sawFullWildcard {
                throw NATSError(.invalidArgument, "\(what) '\(subject)': '>' must be the last token")
            }
            if byte == UInt8(ascii: ".") {
                guard tokenLength > 0 else { throw NATSError(.invalidArgument, "\(what) '\(subject)' has an empty token") }
                tokenLength = 0
                tokenIsWildcard = false
                continue
            }
            if byte == UInt8(ascii: "*") || byte == UInt8(ascii: ">") {
                guard allowWildcards else {
                    throw NATSError(.invalidArgument, "\(what) '\(subject)' has a wildcard; publish to a concrete subject")
                }
                guard tokenLength == 0 else {
                    throw NATSError(.invalidArgument, "\(what) '\(subject)': wildcards must be whole tokens")
                }
                tokenIsWildcard = true
                sawFullWildcard = byte == UInt8(ascii: ">")
            } else if tokenIsWildcard {
                throw NATSError(.invalidArgument, "\(what) '\(subject)': wildcards must be whole tokens")
            }
            tokenLength += 1
        }
        guard tokenLength > 0 else { throw NATSError(.invalidArgument, "\(what) '\(subject)' has an empty token") }
    }
}

extension UInt8 {
    fileprivate static let dot = UInt8(ascii: ".")
    fileprivate static let star = UInt8(ascii: "*")
    fileprivate static let greaterThan = UInt8(ascii: ">")
}
