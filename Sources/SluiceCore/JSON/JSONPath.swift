/// A path to a value inside JSON, written like `payload.tags[0].name`.
///
/// Syntax: keys separated by `.`, array indexes in brackets (`[0]`, non-negative, no leading zeros), and keys that
/// contain `.`, `[`, `]`, `"`, spaces or are empty written quoted in brackets: `payload["first name"]` (with `\"` and
/// `\\` escapes). The first component may be a key or a bracket. ``description`` gives back this text, with plain
/// keys wherever possible.
///
/// A path can be written as a string literal (`value[path: "a.b[0]"]`); a literal that does not parse is a
/// programmer error and stops the program. Parse text from configuration with ``init(parsing:)``, which throws.
public struct JSONPath: Sendable, Hashable {
    /// One step of a path.
    public enum Component: Sendable, Hashable {
        /// An object key.
        case key(String)
        /// An array index, from zero.
        case index(Int)
    }

    /// The steps, never empty.
    public let components: [Component]

    /// Parses a path such as `payload.items[2]["display name"]`.
    ///
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/invalidPath`` saying where the text goes wrong.
    public init(parsing text: String) throws {
        var scanner = JSONPathScanner(text: text)
        components = try scanner.parse()
    }

    /// A path made of `components`.
    ///
    /// - Precondition: `components` is not empty.
    public init(components: [Component]) {
        precondition(!components.isEmpty, "a JSON path has at least one component")
        self.components = components
    }

    /// The first component's key, when it is a key: for an envelope path, the envelope field it starts at.
    var firstKey: String? {
        guard case .key(let key) = components[0] else { return nil }
        return key
    }
}

extension JSONPath: CustomStringConvertible {
    /// The path's text, for example `payload.tags[0]` or `payload["a.b"]`.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key) where JSONPathScanner.isPlainKey(key):
                if !text.isEmpty { text += "." }
                text += key
            case .key(let key):
                let escaped = key.replacingBackslashesAndQuotes()
                text += "[\"\(escaped)\"]"
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}

extension JSONPath: ExpressibleByStringLiteral {
    /// A path from a literal in code; an invalid literal stops the program.
    public init(stringLiteral text: String) {
        do {
            try self.init(parsing: text)
        } catch {
            preconditionFailure("invalid JSON path literal \"\(text)\": \(error)")
        }
    }
}

extension JSONPath: Codable {
    /// Decodes a path from its text; an invalid path is a `DecodingError.dataCorrupted` with the reason.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch let error as SluiceError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.reason)
        }
    }

    /// Encodes the path as its text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension String {
    fileprivate func replacingBackslashesAndQuotes() -> String {
        var escaped = ""
        for character in self {
            if character == "\\" || character == "\"" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
