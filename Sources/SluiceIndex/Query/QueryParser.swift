/// Parses the query syntax of `GET /search` (SQLite FTS5's): terms side by side must all match; `AND`, `OR` and
/// `NOT` (upper case; `NOT` binds tightest, then `AND`, then `OR`, and terms side by side tighter than all three);
/// parentheses; `"a phrase"` and `a + b` for terms next to each other; `riv*` for a prefix; `title: river`,
/// `{title body}: river` and `-title: river` to choose fields, also before a parenthesised query; `^river` for a
/// phrase at the start of a field; `NEAR(a "b c", 5)` for phrases close together in one field (10 tokens apart at
/// most when no distance is given). A word with hyphens (`eu-north-1`) is a phrase of its parts.
public struct QueryParser {
    private let fieldNames: [String]
    private let text: String
    private var tokens: [QueryLexer.Token]
    private var index = 0
    private var columns: [Int]?

    private init(text: String, fieldNames: [String]) throws {
        self.text = text
        self.fieldNames = fieldNames.map { $0.lowercased() }
        tokens = try QueryLexer.tokens(text)
    }

    /// Parses `text` for an index with fields `fieldNames`.
    /// - Throws: ``IndexError/Code/invalidQuery`` for an empty or malformed query or an unknown field.
    public static func parse(_ text: String, fieldNames: [String]) throws -> Query {
        var parser = try QueryParser(text: text, fieldNames: fieldNames)
        guard !parser.tokens.isEmpty else { throw IndexError(.invalidQuery, "the query is empty") }
        let query = try parser.parseOr()
        if parser.index < parser.tokens.count { throw parser.syntaxError() }
        return query
    }

    private var peek: QueryLexer.Kind? { index < tokens.count ? tokens[index].kind : nil }

    private func peek(_ offset: Int) -> QueryLexer.Token? { index + offset < tokens.count ? tokens[index + offset] : nil }

    private func syntaxError() -> IndexError {
        guard let token = peek(0) else { return IndexError(.invalidQuery, "unexpected end of query '\(text)'") }
        return IndexError(.invalidQuery, "syntax error near \(describe(token.kind)) in query '\(text)'")
    }

    private func describe(_ kind: QueryLexer.Kind) -> String {
        switch kind {
        case .word(let word): "\"\(word)\""
        case .quoted(let string): "\"\"\(string)\"\""
        case .leftParen: "\"(\""
        case .rightParen: "\")\""
        case .leftBrace: "\"{\""
        case .rightBrace: "\"}\""
        case .colon: "\":\""
        case .comma: "\",\""
        case .plus: "\"+\""
        case .star: "\"*\""
        case .minus: "\"-\""
        case .caret: "\"^\""
        }
    }

    private mutating func keyword(_ word: String) -> Bool {
        guard case .word(word) = peek else { return false }
        index += 1
        return true
    }

    private mutating func parseOr() throws -> Query {
        var query = try parseAnd()
        while keyword("OR") { query = .or(query, try parseAnd()) }
        return query
    }

    private mutating func parseAnd() throws -> Query {
        var query = try parseNot()
        while keyword("AND") { query = .and(query, try parseNot()) }
        return query
    }

    private mutating func parseNot() throws -> Query {
        var query = try parseSequence()
        while keyword("NOT") { query = .not(query, try parseSequence()) }
        return query
    }

    private var startsUnit: Bool {
        switch peek {
        case .word(let word): !["AND", "OR", "NOT"].contains(word)
        case .quoted, .leftParen, .leftBrace, .minus, .caret: true
        default: false
        }
    }

    private mutating func parseSequence() throws -> Query {
        guard startsUnit else { throw syntaxError() }
        var query = try parseUnit()
        while startsUnit { query = .and(query, try parseUnit()) }
        return query
    }

    private mutating func parseUnit() throws -> Query {
        if peek == .leftParen {
            index += 1
            let query = try parseOr()
            guard peek == .rightParen else { throw syntaxError() }
            index += 1
            return query
        }
        if let chosen = try parseColumns() {
            let outer = columns
            columns = outer.map { Set($0).intersection(chosen).sorted() } ?? chosen
            defer { columns = outer }
            if peek == .leftParen { return try parseUnit() }
            return try parsePhrase()
        }
        return try parsePhrase()
    }

    /// A field filter followed by `:`, if one comes next: the chosen field numbers.
    private mutating func parseColumns() throws -> [Int]? {
        var offset = 0
        let negated = peek == .minus
        if negated { offset = 1 }
        var names: [String] = []
        var length = 0
        switch peek(offset)?.kind {
        case .leftBrace:
            var cursor = offset + 1
            scan: while let token = peek(cursor) {
                switch token.kind {
                case .word(let name), .quoted(let name):
                    names.append(name)
                    cursor += 1
                case .rightBrace: break scan
                default: throw syntaxError()
                }
            }
            guard peek(cursor)?.kind == .rightBrace, peek(cursor + 1)?.kind == .colon else { throw syntaxError() }
            length = cursor + 2
        case .word(let name), .quoted(let name):
            guard peek(offset + 1)?.kind == .colon else { return nil }
            names = [name]
            length = offset + 2
        default:
            return nil
        }
        var chosen: Set<Int> = []
        for name in names {
            guard let field = fieldNames.firstIndex(of: name.lowercased()) else {
                throw IndexError(.invalidQuery, "no such column: \(name) in query '\(text)'")
            }
            chosen.insert(field)
        }
        index += length
        return negated ? Array(Set(fieldNames.indices).subtracting(chosen)).sorted() : chosen.sorted()
    }

    /// The distance of a NEAR group that gives none.
    static let defaultNearDistance = 10

    private mutating func parsePhrase() throws -> Query {
        switch peek {
        case .caret:
            index += 1
            var phrase = try parseTerms()
            phrase.isAnchored = true
            return .phrase(phrase)
        case .word("NEAR") where peek(1)?.kind == .leftParen:
            return try parseNear()
        case .minus:
            // `-word` without a field: the word itself, as FTS5's hyphen rewrite reads it.
            index += 1
            guard case .word = peek else { throw syntaxError() }
        default: break
        }
        return .phrase(try parseTerms())
    }

    /// `NEAR(phrase phrase …)` or `NEAR(phrase phrase …, distance)`, the `NEAR` next.
    private mutating func parseNear() throws -> Query {
        index += 2
        var phrases: [Phrase] = []
        while let kind = peek, kind != .comma, kind != .rightParen {
            switch kind {
            case .word, .quoted: phrases.append(try parseTerms())
            case .caret: throw IndexError(.invalidQuery, "'^' cannot be used within NEAR(...): '\(text)'")
            default: throw syntaxError()
            }
        }
        guard !phrases.isEmpty else { throw syntaxError() }
        var distance = Self.defaultNearDistance
        if peek == .comma {
            index += 1
            guard case .word(let number) = peek, number.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { throw syntaxError() }
            // Positions are 32-bit: a larger distance means anywhere in the field.
            distance = min(Int(number) ?? Int.max, Int(UInt32.max))
            index += 1
        }
        guard peek == .rightParen else { throw syntaxError() }
        index += 1
        return .near(phrases, distance: distance)
    }

    /// The terms of a phrase: words and quoted strings joined by `+` (or a hyphen without spaces), each with an
    /// optional `*`.
    private mutating func parseTerms() throws -> Phrase {
        var terms: [Phrase.Term] = []
        try appendString(to: &terms)
        while true {
            if peek == .minus, let after = peek(1), !tokens[index].spaced, !after.spaced, case .word = after.kind {
                index += 1
                try appendString(to: &terms)
            } else if peek == .plus {
                index += 1
                try appendString(to: &terms)
            } else {
                break
            }
        }
        return Phrase(terms: terms, fields: columns)
    }

    /// Appends the terms of the word or quoted string that comes next, and its `*`.
    private mutating func appendString(to terms: inout [Phrase.Term]) throws {
        let string: String
        switch peek {
        case .word(let word): string = word
        case .quoted(let quoted): string = quoted
        default: throw syntaxError()
        }
        index += 1
        let analysed = Analyzer.terms(string)
        terms.append(contentsOf: analysed.map { Phrase.Term($0) })
        if peek == .star {
            index += 1
            if !analysed.isEmpty { terms[terms.count - 1].isPrefix = true }
        }
    }
}
