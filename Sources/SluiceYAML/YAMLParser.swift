/// A recursive-descent reader of the YAML 1.2 that configuration files use: block and flow collections, plain,
/// quoted and block scalars, comments, one document. It works on Unicode scalars with line breaks normalised to `\n`.
struct YAMLParser {
    /// The text, `\r\n` and `\r` turned into `\n`.
    let text: [Unicode.Scalar]
    /// The index of the next scalar.
    var index = 0
    /// The line of `index`, from 1.
    var line = 1
    /// The index where the current line starts.
    var lineStart = 0

    init(_ source: String) {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(source.unicodeScalars.count)
        var previousCR = false
        for scalar in source.unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
            } else if !(scalar == "\n" && previousCR) {
                scalars.append(scalar)
            }
            previousCR = scalar == "\r"
        }
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        text = scalars
    }

    // MARK: Cursor

    /// The scalar `offset` places ahead, `nil` past the end.
    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < text.count ? text[index + offset] : nil
    }

    var atEnd: Bool { index >= text.count }

    /// The 0-based column of `index`: its indentation when it is the first content of its line.
    var column: Int { index - lineStart }

    /// The position of `index`.
    var mark: YAMLMark { YAMLMark(line: line, column: column + 1) }

    mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where index < text.count {
            if text[index] == "\n" {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
    }

    /// Whether the scalar `offset` places ahead is a space, a tab, a line break or the end.
    func isBlank(_ offset: Int = 0) -> Bool {
        guard let scalar = peek(offset) else { return true }
        return scalar == " " || scalar == "\t" || scalar == "\n"
    }

    static func isFlowIndicator(_ scalar: Unicode.Scalar?) -> Bool {
        scalar == "," || scalar == "[" || scalar == "]" || scalar == "{" || scalar == "}"
    }

    /// Skips spaces and tabs on the current line.
    mutating func skipSpaces() {
        while peek() == " " || peek() == "\t" { advance() }
    }

    /// Skips the spaces after an indicator (`-`, `:`, `---`) up to what follows on the line; a tab there is refused
    /// when a value follows, as other YAML readers refuse it.
    mutating func skipSeparation() throws(YAMLError) {
        var tab: YAMLMark?
        while peek() == " " || peek() == "\t" {
            if peek() == "\t" && tab == nil { tab = mark }
            advance()
        }
        if let tab, let next = peek(), next != "\n", next != "#" {
            throw YAMLError("a tab before a value; separate with spaces", at: tab)
        }
    }

    /// Skips whitespace, comments and line breaks up to the next content. A tab in a line's indentation is refused.
    mutating func skipToContent() throws(YAMLError) {
        while let scalar = peek() {
            switch scalar {
            case " ":
                advance()
            case "\t":
                let tab = mark
                let inIndentation = text[lineStart..<index].allSatisfy { $0 == " " }
                skipSpaces()
                if inIndentation, let next = peek(), next != "\n", next != "#" {
                    throw YAMLError("a tab in the indentation; YAML indents with spaces only", at: tab)
                }
            case "\n":
                advance()
            case "#":
                if index > lineStart, let before = Optional(text[index - 1]), before != " ", before != "\t" {
                    throw YAMLError("a comment needs a space before '#'", at: mark)
                }
                while let next = peek(), next != "\n" { advance() }
            default:
                return
            }
        }
    }

    /// Requires the rest of the line to be blank or a comment, and skips it.
    mutating func finishLine(after what: String) throws(YAMLError) {
        skipSpaces()
        if peek() == "#" && index > lineStart && (text[index - 1] == " " || text[index - 1] == "\t") {
            while let next = peek(), next != "\n" { advance() }
        }
        guard atEnd || peek() == "\n" else {
            throw YAMLError("unexpected text after \(what)", at: mark)
        }
    }

    /// Whether `index` is at a `---` or `...` line marker.
    func atDocumentMarker(_ marker: Unicode.Scalar? = nil) -> Bool {
        guard column == 0, let first = peek(), first == "-" || first == "." else { return false }
        if let marker, first != marker { return false }
        return peek(1) == first && peek(2) == first && isBlank(3)
    }

    // MARK: Document

    /// The one document of the text: `nil` when there is no node.
    mutating func parseDocument() throws(YAMLError) -> YAMLNode? {
        try skipToContent()
        if peek() == "%" && column == 0 {
            throw YAMLError("directives (%YAML, %TAG) are not supported", at: mark)
        }
        var root: YAMLNode?
        if atDocumentMarker("-") {
            advance(3)
            try skipSeparation()
            if let next = peek(), next != "\n", next != "#" {
                root = try parseBlockNode(parentIndent: -1, allowsCollection: false)
            }
        }
        try skipToContent()
        if root == nil, !atEnd, !atDocumentMarker() {
            root = try parseBlockNode(parentIndent: -1, allowsCollection: true)
            try skipToContent()
        }
        if atDocumentMarker(".") {
            advance(3)
            try finishLine(after: "the document end marker")
            try skipToContent()
        }
        if atDocumentMarker("-") || (!atEnd && root == nil && atDocumentMarker(".")) {
            throw YAMLError("a second document; a configuration file holds one document", at: mark)
        }
        guard atEnd else {
            throw YAMLError("unexpected content after the document; is it indented less than its parent?", at: mark)
        }
        return root
    }
}
