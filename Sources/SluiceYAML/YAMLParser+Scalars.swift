extension YAMLParser {
    /// A plain or quoted scalar at `index`, and the line it starts on.
    mutating func parseScalar(parentIndent: Int, flow: Bool) throws(YAMLError) -> (node: YAMLNode, line: Int) {
        let start = mark
        let scalar: YAMLScalar
        switch peek() {
        case "'": scalar = YAMLScalar(try parseQuoted(double: false), style: .singleQuoted)
        case "\"": scalar = YAMLScalar(try parseQuoted(double: true), style: .doubleQuoted)
        default: scalar = YAMLScalar(try parsePlain(parentIndent: parentIndent, flow: flow), style: .plain)
        }
        return (YAMLNode(.scalar(scalar), at: start), start.line)
    }

    /// Whether a plain scalar ends before the scalar `offset` places ahead (a `: `, and in flow context `,[]{}` or a `:`
    /// before one of them).
    private func endsPlain(at offset: Int, flow: Bool) throws(YAMLError) -> Bool {
        let scalar = peek(offset)
        if flow && scalar == ":" && Self.isFlowIndicator(peek(offset + 1)) {
            var at = self
            at.advance(offset)
            throw YAMLError("':' before a bracket or comma inside [ ] or { }; put a space after ':' or quote the value", at: at.mark)
        }
        if scalar == ":" {
            return isBlank(offset + 1) || (flow && Self.isFlowIndicator(peek(offset + 1)))
        }
        return flow && Self.isFlowIndicator(scalar)
    }

    /// An unquoted scalar. Lines below continue it when indented more than `parentIndent` (any line in flow
    /// context); a single line break between them reads as a space, each empty line as a line break.
    private mutating func parsePlain(parentIndent: Int, flow: Bool) throws(YAMLError) -> String {
        let start = mark
        if let first = peek(), first == "-" || first == "?" || first == ":", isBlank(1) || (flow && Self.isFlowIndicator(peek(1))) {
            throw YAMLError("'\(first)' followed by a space cannot start a value here; quote it", at: start)
        }
        if flow, let first = peek(), first == "?" || first == ":" {
            throw YAMLError("'\(first)' cannot start a value inside [ ] or { }; quote it", at: start)
        }
        var result = ""
        while true {
            // One line's part: up to ' #', a value indicator, or the end of the line; trailing spaces dropped.
            var pendingSpaces = ""
            while let scalar = peek(), scalar != "\n" {
                if scalar == " " || scalar == "\t" {
                    var offset = 0
                    while peek(offset) == " " || peek(offset) == "\t" { offset += 1 }
                    if peek(offset) == "#" || peek(offset) == "\n" || peek(offset) == nil { break }
                    pendingSpaces = ""
                    for _ in 0..<offset {
                        pendingSpaces.unicodeScalars.append(peek()!)
                        advance()
                    }
                    continue
                }
                if try endsPlain(at: 0, flow: flow) { break }
                result += pendingSpaces
                pendingSpaces = ""
                result.unicodeScalars.append(scalar)
                advance()
            }
            guard let folding = try continuation(parentIndent: parentIndent, flow: flow) else { return result }
            result += folding
        }
    }

    /// When the plain scalar whose line ends at `index` goes on below, moves to its next line's first content and
    /// returns what the line breaks between read as; otherwise leaves `index` where it is and returns `nil`.
    private mutating func continuation(parentIndent: Int, flow: Bool) throws(YAMLError) -> String? {
        var probe = self
        probe.skipSpaces()
        guard probe.peek() == "\n" else { return nil }
        var breaks = 0
        while true {
            probe.advance()  // the line break
            probe.skipSpaces()
            guard probe.peek() == "\n" else { break }
            breaks += 1
        }
        guard let next = probe.peek(), next != "#", !probe.atDocumentMarker() else { return nil }
        if flow {
            if Self.isFlowIndicator(next) { return nil }
            if try probe.endsPlain(at: 0, flow: true) { return nil }
        } else if probe.column <= parentIndent || probe.text[probe.lineStart..<probe.index].contains("\t") {
            return nil
        }
        self = probe
        return breaks == 0 ? " " : String(repeating: "\n", count: breaks)
    }

    /// A single- or double-quoted scalar; lines fold as in plain scalars, and double quotes resolve escapes.
    private mutating func parseQuoted(double: Bool) throws(YAMLError) -> String {
        let start = mark
        let quote: Unicode.Scalar = double ? "\"" : "'"
        advance()
        var result = ""
        var pendingSpaces = ""
        while true {
            guard let scalar = peek() else {
                throw YAMLError("a quoted value without its closing \(quote)", at: start)
            }
            switch scalar {
            case quote where !double && peek(1) == "'":
                result += pendingSpaces + "'"
                pendingSpaces = ""
                advance(2)
            case quote:
                advance()
                return result + pendingSpaces
            case " ", "\t":
                pendingSpaces.unicodeScalars.append(scalar)
                advance()
            case "\n":
                pendingSpaces = ""
                var breaks = 0
                repeat {
                    advance()
                    skipSpaces()
                    if atDocumentMarker() { throw YAMLError("a document marker inside a quoted value", at: mark) }
                    breaks += peek() == "\n" ? 1 : 0
                } while peek() == "\n"
                result += breaks == 0 ? " " : String(repeating: "\n", count: breaks)
            case "\\" where double:
                result += pendingSpaces
                pendingSpaces = ""
                if peek(1) == "\n" {
                    advance(2)
                    skipSpaces()
                    while peek() == "\n" {
                        result += "\n"
                        advance()
                        skipSpaces()
                    }
                } else {
                    result.unicodeScalars.append(try parseEscape())
                }
            default:
                result += pendingSpaces
                pendingSpaces = ""
                result.unicodeScalars.append(scalar)
                advance()
            }
        }
    }

    /// The character of a `\` escape in a double-quoted scalar, with `index` at the backslash.
    private mutating func parseEscape() throws(YAMLError) -> Unicode.Scalar {
        let start = mark
        advance()
        guard let code = peek() else { throw YAMLError("a quoted value without its closing \"", at: start) }
        advance()
        let simple: [Unicode.Scalar: Unicode.Scalar] = [
            "0": "\0", "a": "\u{07}", "b": "\u{08}", "t": "\t", "\t": "\t", "n": "\n", "v": "\u{0B}", "f": "\u{0C}",
            "r": "\r", "e": "\u{1B}", " ": " ", "\"": "\"", "/": "/", "\\": "\\", "N": "\u{85}", "_": "\u{A0}",
            "L": "\u{2028}", "P": "\u{2029}",
        ]
        if let scalar = simple[code] { return scalar }
        let digits = code == "x" ? 2 : code == "u" ? 4 : code == "U" ? 8 : 0
        guard digits > 0 else { throw YAMLError("unknown escape \\\(code)", at: start) }
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let digit = peek(), let nibble = UInt32(String(digit), radix: 16) else {
                throw YAMLError("\\\(code) needs \(digits) hexadecimal digits", at: start)
            }
            value = value * 16 + nibble
            advance()
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw YAMLError("\\\(code) names no Unicode character", at: start)
        }
        return scalar
    }
}
