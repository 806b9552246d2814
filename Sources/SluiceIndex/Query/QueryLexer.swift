/// Splits a query into the tokens of SQLite FTS5's query syntax.
struct QueryLexer {
    enum Kind: Equatable {
        case word(String)
        /// A double-quoted string ("" inside is one quote).
        case quoted(String)
        case leftParen, rightParen, leftBrace, rightBrace, colon, comma, plus, star, minus, caret
    }

    struct Token: Equatable {
        var kind: Kind
        /// Whether whitespace came before it.
        var spaced: Bool
    }

    /// The tokens of `query`; throws ``IndexError/Code/invalidQuery`` for an unterminated string or a character
    /// that cannot appear outside quotes.
    static func tokens(_ query: String) throws -> [Token] {
        var tokens: [Token] = []
        var scalars = Array(query.unicodeScalars)[...]
        var spaced = true
        while let scalar = scalars.first {
            if scalar.properties.isWhitespace || scalar.value < 0x20 && scalar.value != 0x1a {
                scalars.removeFirst()
                spaced = true
                continue
            }
            let single: Kind? =
                switch scalar {
                case "(": .leftParen
                case ")": .rightParen
                case "{": .leftBrace
                case "}": .rightBrace
                case ":": .colon
                case ",": .comma
                case "+": .plus
                case "*": .star
                case "-": .minus
                case "^": .caret
                default: nil
                }
            if let single {
                scalars.removeFirst()
                tokens.append(Token(kind: single, spaced: spaced))
            } else if scalar == "\"" {
                scalars.removeFirst()
                var text = String.UnicodeScalarView()
                var closed = false
                while let next = scalars.popFirst() {
                    if next == "\"" {
                        if scalars.first == "\"" {
                            scalars.removeFirst()
                            text.append("\"")
                        } else {
                            closed = true
                            break
                        }
                    } else {
                        text.append(next)
                    }
                }
                guard closed else { throw IndexError(.invalidQuery, "unterminated string in query '\(query)'") }
                tokens.append(Token(kind: .quoted(String(text)), spaced: spaced))
            } else if isBareword(scalar) {
                var text = String.UnicodeScalarView()
                while let next = scalars.first, isBareword(next) {
                    text.append(next)
                    scalars.removeFirst()
                }
                tokens.append(Token(kind: .word(String(text)), spaced: spaced))
            } else {
                throw IndexError(.invalidQuery, "syntax error near \"\(Character(scalar))\" in query '\(query)'")
            }
            spaced = false
        }
        return tokens
    }

    /// FTS5's bareword characters: ASCII letters and digits, `_`, 0x1A and everything outside ASCII.
    static func isBareword(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value >= 0x80 || value == 0x1a || value == 0x5f || (0x30...0x39).contains(value) || (0x41...0x5a).contains(value)
            || (0x61...0x7a).contains(value)
    }
}
