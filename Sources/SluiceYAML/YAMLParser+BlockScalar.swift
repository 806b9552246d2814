extension YAMLParser {
    /// A literal (`|`) or folded (`>`) block scalar inside a collection indented `parentIndent`, with its chomping
    /// (`-` strip, `+` keep, clip by default) and optional indentation indicator.
    mutating func parseBlockScalar(parentIndent: Int) throws(YAMLError) -> YAMLNode {
        let start = mark
        let folded = peek() == ">"
        advance()
        var keep: Bool?  // nil: clip; true: keep (+); false: strip (-)
        var increment: Int?
        for _ in 0..<2 {
            if let scalar = peek(), scalar == "+" || scalar == "-", keep == nil {
                keep = scalar == "+"
                advance()
            } else if let scalar = peek(), let digit = Int(String(scalar)), increment == nil {
                guard digit > 0 else { throw YAMLError("a block scalar's indentation indicator is 1 to 9", at: mark) }
                increment = digit
                advance()
            }
        }
        try finishLine(after: "the block scalar indicator")
        advance()  // the line break, if any
        let minimum = max(parentIndent + 1, 1)
        var indent: Int
        var breaks: String
        if let increment {
            indent = minimum + increment - 1
            breaks = scanBlockBreaks(indent: indent)
        } else {
            (breaks, indent) = scanBlockIndentation()
            if peek() == "\t" { throw YAMLError("a tab where a block scalar's indentation was expected", at: mark) }
            indent = max(minimum, indent)
        }
        var content = ""
        var lineBreak = ""
        while column == indent, !atEnd {
            content += breaks
            let leadingNonSpace = peek() != " " && peek() != "\t"
            while let scalar = peek(), scalar != "\n" {
                content.unicodeScalars.append(scalar)
                advance()
            }
            lineBreak = atEnd ? "" : "\n"
            advance()
            breaks = scanBlockBreaks(indent: indent)
            if column < indent && peek() == "\t" { throw YAMLError("a tab where a block scalar's indentation was expected", at: mark) }
            guard column == indent, !atEnd else { break }
            if folded && lineBreak == "\n" && leadingNonSpace && peek() != " " && peek() != "\t" {
                if breaks.isEmpty { content += " " }
            } else {
                content += lineBreak
            }
        }
        if keep != false { content += lineBreak }
        if keep == true { content += breaks }
        return YAMLNode(.scalar(YAMLScalar(content, style: folded ? .folded : .literal)), at: start)
    }

    /// Skips the empty lines before a block scalar's first line and measures their indentation and the first line's.
    private mutating func scanBlockIndentation() -> (breaks: String, indent: Int) {
        var breaks = ""
        var indent = 0
        while let scalar = peek(), scalar == " " || scalar == "\n" {
            if scalar == "\n" {
                breaks += "\n"
                advance()
            } else {
                advance()
                indent = max(indent, column)
            }
        }
        return (breaks, indent)
    }

    /// Skips empty lines (and up to `indent` spaces of the next), returning a line break for each.
    private mutating func scanBlockBreaks(indent: Int) -> String {
        var breaks = ""
        while column < indent && peek() == " " { advance() }
        while peek() == "\n" {
            breaks += "\n"
            advance()
            while column < indent && peek() == " " { advance() }
        }
        return breaks
    }
}
