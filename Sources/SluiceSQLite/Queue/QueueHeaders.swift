/// Stores message headers as text: one `name:value` line per header, sorted by name.
enum QueueHeaders {
    /// Throws ``SluiceSQLiteError/Code/invalidArgument`` when a name is empty or has `:` or a line break,
    /// or a value has a line break.
    static func validate(_ headers: [String: String]) throws {
        for (name, value) in headers {
            if name.isEmpty || name.utf8.contains(UInt8(ascii: ":")) || hasLineBreak(name) {
                throw SluiceSQLiteError(.invalidArgument, "header name '\(name)' must be non-empty without ':' or line breaks")
            }
            if hasLineBreak(value) {
                throw SluiceSQLiteError(.invalidArgument, "the value of header '\(name)' contains a line break")
            }
        }
    }

    /// Whether `text` has a character that breaks a line; ASCII text, by far the most common, is scanned as bytes.
    private static func hasLineBreak(_ text: String) -> Bool {
        for byte in text.utf8 {
            if (0x0A...0x0D).contains(byte) { return true }
            if byte >= 0x80 { return text.contains(where: \.isNewline) }
        }
        return false
    }

    /// The stored text, or `nil` for no headers.
    static func encode(_ headers: [String: String]) -> String? {
        if headers.isEmpty { return nil }
        return headers.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: "\n")
    }

    /// The headers from stored text.
    static func decode(_ text: String?) -> [String: String] {
        guard let text else { return [:] }
        var headers: [String: String] = [:]
        for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            headers[String(Substring(line[..<colon]))] = String(Substring(line[line.index(after: colon)...]))
        }
        return headers
    }
}
