extension YAMLParser {
    /// The node that starts at `index`, inside a block collection indented `parentIndent` (-1 at the root).
    ///
    /// `allowsCollection` is false where a block mapping or sequence may not start on the current line (after a
    /// key's `:` or `---`).
    mutating func parseBlockNode(parentIndent: Int, allowsCollection: Bool) throws(YAMLError) -> YAMLNode {
        try refuseUnsupported()
        let start = mark
        let indent = column
        switch peek() {
        case "-" where isBlank(1):
            guard allowsCollection else {
                throw YAMLError("a list cannot start on the line of its key; put its items on the lines below", at: start)
            }
            return try parseBlockSequence(indent: indent)
        case "|", ">":
            return try parseBlockScalar(parentIndent: parentIndent)
        case "[", "{":
            let node = try parseFlowCollection()
            skipSpaces()
            if peek() == ":" && isBlank(1) {
                throw YAMLError("a list or mapping as a mapping key is not supported", at: start)
            }
            try finishLine(after: "the closing bracket")
            return node
        default:
            let key = try parseScalar(parentIndent: parentIndent, flow: false)
            let spansLines = key.line != line
            skipSpaces()
            guard peek() == ":" && isBlank(1) else {
                try finishLine(after: "the value")
                return key.node
            }
            guard allowsCollection else {
                throw YAMLError("a ': ' inside a plain value; quote the value, or put a mapping's keys on the lines below", at: mark)
            }
            if spansLines {
                throw YAMLError("a mapping key must fit on one line", at: start)
            }
            return try parseBlockMapping(indent: indent, firstKey: key.node)
        }
    }

    /// A block mapping indented `indent`; `index` is at the `:` after its first key.
    private mutating func parseBlockMapping(indent: Int, firstKey: YAMLNode) throws(YAMLError) -> YAMLNode {
        var mapping = YAMLMapping()
        var key = firstKey
        while true {
            try checkUnique(key, in: mapping)
            advance()  // the ':'
            mapping.append(key: key, value: try parseMappingValue(indent: indent))
            try skipToContent()
            if atEnd || atDocumentMarker() || column < indent { break }
            guard column == indent else {
                throw YAMLError("unexpected indentation: expected a key at column \(indent + 1)", at: mark)
            }
            key = try parseBlockKey()
        }
        return YAMLNode(.mapping(mapping), at: firstKey.mark)
    }

    /// A key of a block mapping after the first, with `index` left at its `:`.
    private mutating func parseBlockKey() throws(YAMLError) -> YAMLNode {
        try refuseUnsupported()
        let start = mark
        switch peek() {
        case "-" where isBlank(1):
            throw YAMLError("a list item where a key of the mapping above was expected", at: start)
        case "[", "{":
            throw YAMLError("a list or mapping as a mapping key is not supported", at: start)
        case "|", ">":
            throw YAMLError("a block scalar cannot be a mapping key", at: start)
        default:
            let key = try parseScalar(parentIndent: column, flow: false)
            skipSpaces()
            guard key.line == line, peek() == ":", isBlank(1) else {
                throw YAMLError("expected ':' after the key '\(key.node.scalar?.string ?? "")'", at: key.line == line ? mark : start)
            }
            return key.node
        }
    }

    /// The value after a key's `:`: on the same line, on the lines below, or left out.
    private mutating func parseMappingValue(indent: Int) throws(YAMLError) -> YAMLNode {
        let afterColon = mark
        try skipSeparation()
        if let next = peek(), next != "\n", next != "#" {
            return try parseBlockNode(parentIndent: indent, allowsCollection: false)
        }
        try skipToContent()
        if !atEnd && !atDocumentMarker() {
            if column > indent { return try parseBlockNode(parentIndent: indent, allowsCollection: true) }
            // A list may sit at its key's indentation.
            if column == indent && peek() == "-" && isBlank(1) { return try parseBlockSequence(indent: indent) }
        }
        return YAMLNode(.scalar(YAMLScalar("")), at: afterColon)
    }

    /// A block sequence whose `-` are at `indent`.
    private mutating func parseBlockSequence(indent: Int) throws(YAMLError) -> YAMLNode {
        let start = mark
        var items: [YAMLNode] = []
        while true {
            advance()  // the '-'
            let afterDash = mark
            try skipSeparation()
            if let next = peek(), next != "\n", next != "#" {
                items.append(try parseBlockNode(parentIndent: indent, allowsCollection: true))
            } else {
                try skipToContent()
                if !atEnd && !atDocumentMarker() && column > indent {
                    items.append(try parseBlockNode(parentIndent: indent, allowsCollection: true))
                } else {
                    items.append(YAMLNode(.scalar(YAMLScalar("")), at: afterDash))
                }
            }
            try skipToContent()
            if atEnd || atDocumentMarker() || column < indent { break }
            guard column == indent else {
                throw YAMLError("unexpected indentation: expected '-' at column \(indent + 1)", at: mark)
            }
            guard peek() == "-" && isBlank(1) else { break }
        }
        return YAMLNode(.sequence(items), at: start)
    }

    /// Refuses the YAML features this reader leaves out, at the scalar that starts them.
    mutating func refuseUnsupported() throws(YAMLError) {
        switch peek() {
        case "&": throw YAMLError("anchors (&name) are not supported", at: mark)
        case "*": throw YAMLError("aliases (*name) are not supported", at: mark)
        case "!": throw YAMLError("tags (!tag) are not supported", at: mark)
        case "?" where isBlank(1): throw YAMLError("complex mapping keys (?) are not supported", at: mark)
        case "%", "@", "`": throw YAMLError("'\(peek()!)' cannot start a plain value; quote it", at: mark)
        case ",", "]", "}": throw YAMLError("unexpected '\(peek()!)'", at: mark)
        case "#": throw YAMLError("a comment where a value was expected", at: mark)
        default: return
        }
    }

    /// Refuses a key already in `mapping`.
    func checkUnique(_ key: YAMLNode, in mapping: YAMLMapping) throws(YAMLError) {
        guard let text = key.scalar?.string else { return }
        if let earlier = mapping.keys.first(where: { $0.scalar?.string == text }) {
            throw YAMLError("duplicate key '\(text)' (first at \(earlier.mark))", at: key.mark)
        }
    }
}
