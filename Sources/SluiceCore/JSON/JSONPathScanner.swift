/// Parses the text of a ``JSONPath``.
struct JSONPathScanner {
    private let text: String
    private let characters: [Character]
    private var position = 0

    init(text: String) {
        self.text = text
        self.characters = Array(text)
    }

    /// Whether `key` can be written without brackets and quotes.
    static func isPlainKey(_ key: String) -> Bool {
        !key.isEmpty && key.allSatisfy(isPlainKeyCharacter)
    }

    private static func isPlainKeyCharacter(_ character: Character) -> Bool {
        !(character == "." || character == "[" || character == "]" || character == "\"" || character.isWhitespace)
    }

    mutating func parse() throws -> [JSONPath.Component] {
        guard !characters.isEmpty else { throw failure("is empty") }
        var components: [JSONPath.Component] = []
        if characters[0] != "[" { components.append(.key(try plainKey())) }
        while position < characters.count {
            switch characters[position] {
            case ".":
                position += 1
                components.append(.key(try plainKey()))
            case "[":
                position += 1
                components.append(try bracket())
            default:
                throw failure("has an unexpected '\(characters[position])' at character \(position + 1)")
            }
        }
        return components
    }

    private mutating func plainKey() throws -> String {
        let start = position
        while position < characters.count, Self.isPlainKeyCharacter(characters[position]) { position += 1 }
        guard position > start else {
            let found = position < characters.count ? "'\(characters[position])'" : "the end"
            throw failure("needs a key at character \(position + 1), found \(found)")
        }
        return String(characters[start..<position])
    }

    /// Parses `[0]` or `["key"]` after the opening bracket.
    private mutating func bracket() throws -> JSONPath.Component {
        guard position < characters.count else { throw failure("ends inside '['") }
        let component: JSONPath.Component
        if characters[position] == "\"" {
            component = .key(try quotedKey())
        } else {
            component = .index(try index())
        }
        guard position < characters.count, characters[position] == "]" else {
            throw failure("needs ']' at character \(position + 1)")
        }
        position += 1
        return component
    }

    private mutating func index() throws -> Int {
        let start = position
        while position < characters.count, let digit = characters[position].wholeNumberValue,
            characters[position].isASCII, (0...9).contains(digit)
        {
            position += 1
        }
        let digits = String(characters[start..<position])
        guard !digits.isEmpty, let index = Int(digits) else {
            throw failure("needs an array index or a quoted key at character \(start + 1)")
        }
        guard digits == "0" || !digits.hasPrefix("0") else {
            throw failure("has an index with a leading zero at character \(start + 1)")
        }
        return index
    }

    private mutating func quotedKey() throws -> String {
        position += 1
        var key = ""
        while position < characters.count {
            let character = characters[position]
            position += 1
            switch character {
            case "\"":
                return key
            case "\\":
                guard position < characters.count, characters[position] == "\"" || characters[position] == "\\" else {
                    throw failure("has an invalid escape at character \(position); only \\\" and \\\\ are allowed")
                }
                key.append(characters[position])
                position += 1
            default:
                key.append(character)
            }
        }
        throw failure("has an unterminated quoted key")
    }

    private func failure(_ problem: String) -> SluiceError {
        SluiceError(.invalidPath, "JSON path \"\(text)\" \(problem)")
    }
}
