/// A path to a value in a JSON document: keys separated by dots, each optionally followed by array
/// indexes (`title`, `author.name`, `tags[0]`). Keys are ASCII letters, digits, `_` and `-`.
struct FieldPath: Sendable, Hashable {
    enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// The path as written.
    let text: String
    let components: [Component]

    /// Parses `text`; throws ``SluiceSQLiteError/Code/invalidArgument`` when it is not a valid path.
    init(_ text: String) throws {
        var components: [Component] = []
        for segment in text.split(separator: ".", omittingEmptySubsequences: false) {
            let key = segment.prefix { $0 != "[" }
            guard !key.isEmpty, key.utf8.allSatisfy(PlainName.isNameByte) else {
                throw SluiceSQLiteError(.invalidArgument, "field path '\(text)' must be keys of letters, digits, '_' or '-' joined by '.'")
            }
            components.append(.key(String(key)))
            var rest = segment.dropFirst(key.count)
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"),
                    let index = Int(rest[rest.index(after: rest.startIndex)..<close]), index >= 0
                else {
                    throw SluiceSQLiteError(.invalidArgument, "field path '\(text)' has a malformed array index")
                }
                components.append(.index(index))
                rest = rest[rest.index(after: close)...]
            }
        }
        self.text = text
        self.components = components
    }

    /// The path in SQLite's JSON path syntax (`$.author.name`), as a string literal for DDL.
    var sqliteLiteral: String {
        var path = "$"
        for component in components {
            switch component {
            case .key(let key): path += "." + key
            case .index(let index): path += "[\(index)]"
            }
        }
        return SQLText.literal(path)
    }
}
