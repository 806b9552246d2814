extension YAMLParser {
    /// A `[…]` sequence or `{…}` mapping, over as many lines as it takes.
    mutating func parseFlowCollection() throws(YAMLError) -> YAMLNode {
        peek() == "[" ? try parseFlowSequence() : try parseFlowMapping()
    }

    private mutating func parseFlowSequence() throws(YAMLError) -> YAMLNode {
        let start = mark
        advance()
        var items: [YAMLNode] = []
        while true {
            try skipFlowSpace(inside: start, closing: "]")
            if peek() == "]" { break }
            items.append(try parseFlowNode(inside: start))
            try skipFlowSpace(inside: start, closing: "]")
            if peek() == ":" {
                throw YAMLError("a key: value pair inside [ ] needs braces: [{key: value}]", at: mark)
            }
            if peek() == "," {
                advance()
            } else if peek() != "]" {
                throw YAMLError("expected ',' or ']' in the list started at \(start)", at: mark)
            }
        }
        advance()
        return YAMLNode(.sequence(items), at: start)
    }

    private mutating func parseFlowMapping() throws(YAMLError) -> YAMLNode {
        let start = mark
        advance()
        var mapping = YAMLMapping()
        while true {
            try skipFlowSpace(inside: start, closing: "}")
            if peek() == "}" { break }
            if peek() == "?" && isBlank(1) { throw YAMLError("complex mapping keys (?) are not supported", at: mark) }
            let key = try parseFlowNode(inside: start)
            guard key.scalar != nil else {
                throw YAMLError("a list or mapping as a mapping key is not supported", at: key.mark)
            }
            try checkUnique(key, in: mapping)
            try skipFlowSpace(inside: start, closing: "}")
            var value = YAMLNode(.scalar(YAMLScalar("")), at: mark)
            if peek() == ":" {
                advance()
                try skipFlowSpace(inside: start, closing: "}")
                value = YAMLNode(.scalar(YAMLScalar("")), at: mark)
                if peek() != "," && peek() != "}" {
                    value = try parseFlowNode(inside: start)
                    try skipFlowSpace(inside: start, closing: "}")
                }
            }
            mapping.append(key: key, value: value)
            if peek() == "," {
                advance()
            } else if peek() != "}" {
                throw YAMLError("expected ',' or '}' in the mapping started at \(start)", at: mark)
            }
        }
        advance()
        return YAMLNode(.mapping(mapping), at: start)
    }

    /// A node inside a flow collection started at `collection`.
    private mutating func parseFlowNode(inside collection: YAMLMark) throws(YAMLError) -> YAMLNode {
        try refuseUnsupported()
        switch peek() {
        case "[", "{": return try parseFlowCollection()
        case "|", ">": throw YAMLError("block scalars (| and >) cannot be inside [ ] or { }", at: mark)
        default: return try parseScalar(parentIndent: -1, flow: true).node
        }
    }

    /// Skips whitespace, line breaks and comments inside a flow collection; the text must not end before `closing`.
    private mutating func skipFlowSpace(inside collection: YAMLMark, closing: Unicode.Scalar) throws(YAMLError) {
        while let scalar = peek() {
            if scalar == " " || scalar == "\t" || scalar == "\n" {
                advance()
            } else if scalar == "#" {
                while let next = peek(), next != "\n" { advance() }
            } else {
                break
            }
            if atDocumentMarker() { throw YAMLError("a document marker inside [ ] or { }", at: mark) }
        }
        if atEnd { throw YAMLError("'\(closing)' missing for the collection started at \(collection)", at: collection) }
    }
}
