/// Stores message headers as text: one `name:value` line per header, sorted by name.
enum QueueHeaders {
    /// Throws ``SluiceSQLiteError/Code/invalidArgument`` when a name is empty or has `:` or a line break,
    /// or a value has a line break.
    static func validate(_ headers: [String: String]) throws {
        for (name, value) in headers {
            if name.isEmpty || name.contains(":") || name.contains(where: \.isNewline) {
                throw SluiceSQLiteError(.invalidArgument, "header name '\(name)' must be non-empty without ':' or line breaks")
            }
            if value.contains(where: \.isNewline) {
                throw SluiceSQLiteError(.invalidArgument, "the value of header '\(name)' contains a line break")
            }
        }
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
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
        return headers
    }
}
