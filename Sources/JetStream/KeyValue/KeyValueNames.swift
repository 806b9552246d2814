/// How key-value buckets map onto streams and subjects, as the server and every client define it:
/// bucket `B` is the stream `KV_B`, and key `K` is the subject `$KV.B.K`.
enum KeyValueNames {
    /// The prefix of bucket streams.
    static let streamPrefix = "KV_"

    /// The stream holding `bucket`.
    static func streamName(bucket: String) -> String { streamPrefix + bucket }

    /// The bucket a stream holds, or `nil` when it is not a bucket stream.
    static func bucket(streamName: String) -> String? {
        guard streamName.hasPrefix(streamPrefix), streamName.count > streamPrefix.count else { return nil }
        return String(streamName.dropFirst(streamPrefix.count))
    }

    /// The prefix of every key's subject in `bucket`: `$KV.<bucket>.`.
    static func subjectPrefix(bucket: String) -> String { "$KV.\(bucket)." }

    /// The subjects the bucket stream stores: `$KV.<bucket>.>`.
    static func streamSubject(bucket: String) -> String { "$KV.\(bucket).>" }

    /// The subject of `key` in `bucket`.
    static func subject(bucket: String, key: String) -> String { subjectPrefix(bucket: bucket) + key }

    /// Whether `name` is a valid bucket name: letters, digits, `_` and `-`.
    static func isValidBucket(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// Whether `key` is a valid key: letters, digits and `-/_=.`, not starting or ending with `.`, and
    /// without empty tokens.
    static func isValidKey(_ key: String) -> Bool {
        let bytes = key.utf8
        guard let first = bytes.first, let last = bytes.last, first != UInt8(ascii: "."), last != UInt8(ascii: ".") else {
            return false
        }
        var previousWasDot = false
        for byte in bytes {
            let isDot = byte == UInt8(ascii: ".")
            if isDot && previousWasDot { return false }
            previousWasDot = isDot
            guard isAlphanumeric(byte) || isDot || "-/_=".utf8.contains(byte) else { return false }
        }
        return true
    }

    /// Whether `pattern` is a valid key pattern for watching: a key that may contain `*` tokens and may
    /// end with `>`.
    static func isValidKeyPattern(_ pattern: String) -> Bool {
        guard !pattern.isEmpty else { return false }
        if pattern == ">" { return true }
        let tokens = pattern.split(separator: ".", omittingEmptySubsequences: false)
        for (index, token) in tokens.enumerated() {
            if token == "*" { continue }
            if token == ">" { return index == tokens.count - 1 }
            guard isValidKey(String(token)) else { return false }
        }
        return true
    }

    /// The key of a subject in `bucket`, or `nil` when the subject is not in it.
    static func key(subject: String, bucket: String) -> String? {
        let prefix = subjectPrefix(bucket: bucket)
        guard subject.hasPrefix(prefix) else { return nil }
        return String(subject.dropFirst(prefix.count))
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
