/// One node of a YAML document: a scalar, a sequence or a mapping, with the position where it starts.
///
/// A block mapping starts at its first key, a block sequence at its first `-`, a flow collection at its bracket, a
/// scalar at its first character (the quote of a quoted one, the `|` or `>` of a block scalar). A value left out
/// (`key:` with nothing after it) is an empty plain scalar placed right after its `:` or `-`.
public struct YAMLNode: Sendable, Hashable {
    /// What the node holds.
    public enum Content: Sendable, Hashable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping(YAMLMapping)
    }

    /// What the node holds.
    public var content: Content
    /// Where the node starts.
    public var mark: YAMLMark

    /// A node holding `content`, starting at `mark`.
    public init(_ content: Content, at mark: YAMLMark) {
        self.content = content
        self.mark = mark
    }

    /// The scalar, if the node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The items, if the node is a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The entries, if the node is a mapping.
    public var mapping: YAMLMapping? {
        if case .mapping(let mapping) = content { return mapping }
        return nil
    }

    /// Whether the node is an unquoted `null`, `~` or nothing at all: YAML's null.
    public var isNull: Bool { scalar?.isNull ?? false }

    /// Parses a YAML text holding one document.
    ///
    /// - Returns: The document's root, or `nil` when the text holds no node (empty, or only comments).
    /// - Throws: ``YAMLError`` at the first problem, with its position; also for the YAML features this reader does not
    ///   support (anchors, aliases, tags, directives, complex keys, several documents), which are refused, never
    ///   misread.
    public static func parse(_ text: String) throws(YAMLError) -> YAMLNode? {
        var parser = YAMLParser(text)
        return try parser.parseDocument()
    }
}

/// A scalar's text and how it was written: `"1"` (quoted) is the string 1 where `1` (plain) may be read as a number.
public struct YAMLScalar: Sendable, Hashable {
    /// How a scalar was written.
    public enum Style: Sendable, Hashable {
        case plain
        case singleQuoted
        case doubleQuoted
        /// `|`: line breaks kept.
        case literal
        /// `>`: lines folded into spaces.
        case folded
    }

    /// The text, escapes resolved and lines folded.
    public var string: String
    /// How it was written.
    public var style: Style

    /// A scalar with `string`, written in `style`.
    public init(_ string: String, style: Style = .plain) {
        self.string = string
        self.style = style
    }

    /// Whether it was written in quotes or as a block scalar, so its text is a string whatever it reads like.
    public var isQuoted: Bool { style != .plain }

    /// Whether it is YAML's null: an unquoted `null` (any case spelling YAML allows), `~`, or nothing.
    public var isNull: Bool { style == .plain && ["", "~", "null", "Null", "NULL"].contains(string) }
}

/// The entries of a mapping in document order; keys are unique (the parser refuses a key given twice).
public struct YAMLMapping: Sendable, Hashable, RandomAccessCollection {
    /// The key nodes, in order.
    public private(set) var keys: [YAMLNode]
    /// The value nodes, in the order of their keys.
    public private(set) var values: [YAMLNode]

    /// A mapping of `entries`, in order.
    public init(_ entries: [(key: YAMLNode, value: YAMLNode)] = []) {
        keys = entries.map(\.key)
        values = entries.map(\.value)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { keys.count }

    public subscript(position: Int) -> (key: YAMLNode, value: YAMLNode) { (keys[position], values[position]) }

    /// The value of the scalar key `key`.
    public subscript(key: String) -> YAMLNode? {
        keys.firstIndex { $0.scalar?.string == key }.map { values[$0] }
    }

    mutating func append(key: YAMLNode, value: YAMLNode) {
        keys.append(key)
        values.append(value)
    }
}
