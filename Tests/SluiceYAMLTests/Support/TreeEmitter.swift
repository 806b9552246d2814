/// A random document tree and one YAML text of it, written with a random mix of block and flow collections, plain,
/// quoted, multi-line and block scalars, and comments.
struct GeneratedDocument: Sendable, CustomStringConvertible {
    indirect enum Tree: Sendable {
        case scalar(String, Style)
        case sequence([Tree])
        case mapping([(String, Tree)])
    }

    /// How a scalar is written; `Render` shows plain, quoted (single/double) and block scalars apart.
    enum Style: Sendable { case plain, single, double, literal, folded }

    var tree: Tree
    var text: String

    var description: String { text }

    /// The tree as `Render.tree` writes a parsed node.
    var rendered: String { Self.render(tree) }

    static func render(_ tree: Tree) -> String {
        switch tree {
        case .scalar(let text, let style):
            let escaped = text.unicodeScalars.map { $0 == "\n" ? "\\n" : $0 == "\t" ? "\\t" : String($0) }.joined()
            switch style {
            case .plain: return escaped.isEmpty ? "<>" : escaped
            case .single: return "'\(escaped)'"
            case .double: return "\"\(escaped)\""
            case .literal: return "|\"\(escaped)\""
            case .folded: return ">\"\(escaped)\""
            }
        case .sequence(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
        case .mapping(let entries): return "{" + entries.map { "\($0.0): " + render($0.1) }.joined(separator: ", ") + "}"
        }
    }
}

/// Writes random trees as YAML.
struct TreeEmitter<R: RandomNumberGenerator> {
    var random: R

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &random)! }

    // MARK: Trees

    mutating func document() -> GeneratedDocument {
        let tree: GeneratedDocument.Tree = chance(70) ? mapping(depth: 3, flow: false) : sequence(depth: 3, flow: false)
        var text = chance(20) ? "---\n" : ""
        if chance(20) { text += "# a document\n" }
        text += block(tree, indent: 0)
        return GeneratedDocument(tree: tree, text: text)
    }

    mutating func node(depth: Int, flow: Bool) -> GeneratedDocument.Tree {
        switch depth > 0 ? Int.random(in: 0..<10, using: &random) : 0 {
        case 0...5: return scalar(flow: flow)
        case 6, 7: return mapping(depth: depth - 1, flow: flow)
        default: return sequence(depth: depth - 1, flow: flow)
        }
    }

    mutating func mapping(depth: Int, flow: Bool) -> GeneratedDocument.Tree {
        var entries: [(String, GeneratedDocument.Tree)] = []
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let key = pick(["name", "type", "url", "a", "b", "max_records", "on", "1", "key with spaces", "x.y", "-k", "é"])
            guard !entries.contains(where: { $0.0 == key }) else { continue }
            entries.append((key, node(depth: depth, flow: flow)))
        }
        return .mapping(entries)
    }

    mutating func sequence(depth: Int, flow: Bool) -> GeneratedDocument.Tree {
        .sequence((0..<Int.random(in: flow ? 0...3 : 1...3, using: &random)).map { _ in node(depth: depth, flow: flow) })
    }

    mutating func scalar(flow: Bool) -> GeneratedDocument.Tree {
        let words = ["a", "b1", "two words", "x:y", "http://h:80/p", "a#b", "-1", "3.5", "true", "null", "~", "é漢", "a-b", "s/p"]
        var text = (0..<Int.random(in: 1...3, using: &random)).map { _ in pick(words) }.joined(separator: " ")
        var styles: [GeneratedDocument.Style] = [.double, .single]
        if plainSafe(text, flow: flow) { styles += [.plain, .plain] }
        if chance(25) {
            text = pick([
                "", " lead", "trail ", "it's", "q\"uote", "back\\slash", "tab\there", "new\nline", "\u{7}bell", "#hash", "a: b", "[x]", "{y}", "x, y",
            ])
        }
        if !flow && text.contains("\n") && !text.hasPrefix(" ") { styles.append(.literal) }
        if !flow && !text.contains("\n") && !text.isEmpty && !text.hasPrefix(" ") && !text.hasSuffix(" ") && !text.contains("  ") {
            styles.append(.folded)
        }
        styles = styles.filter { allowed($0, text, flow: flow) }
        return .scalar(text, pick(styles))
    }

    func plainSafe(_ text: String, flow: Bool) -> Bool {
        guard let first = text.unicodeScalars.first, !text.hasSuffix(" "), !text.hasPrefix(" ") else { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) && !(first == "-" && text.count > 1 && !text.hasPrefix("- ")) { return false }
        if text.contains(": ") || text.contains(" #") || text.hasSuffix(":") || text.contains("\n") || text.contains("\t") { return false }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\"" || $0 == "'" || $0 == "\\" }) { return false }
        return !flow || !text.unicodeScalars.contains { ",[]{}:#".unicodeScalars.contains($0) }
    }

    func allowed(_ style: GeneratedDocument.Style, _ text: String, flow: Bool) -> Bool {
        switch style {
        case .plain: plainSafe(text, flow: flow)
        case .single: !text.unicodeScalars.contains { $0.value < 0x20 }
        case .double: true
        case .literal: !text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" } && !text.hasPrefix(" ") && text.contains("\n")
        case .folded: !text.unicodeScalars.contains { $0.value < 0x20 } && !text.isEmpty && !text.hasPrefix(" ")
        }
    }

    // MARK: Writing

    /// The scalar on one line (flow context or after a key), multi-line plain and block scalars spread below.
    mutating func scalarText(_ text: String, _ style: GeneratedDocument.Style, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent + 2)
        switch style {
        case .plain:
            guard chance(30) else { return text }
            // Fold at single spaces between words: a line break reads as a space.
            return text.split(separator: " ", omittingEmptySubsequences: false).map(String.init).joined(separator: "\n" + pad)
        case .single:
            return "'" + text.replacing("'", with: "''") + "'"
        case .double:
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += chance(50) ? "\\t" : "\t"
                case _ where scalar.value < 0x20: out += "\\x" + String(scalar.value, radix: 16).leftPadded(2)
                case _ where scalar.value > 0x7F && chance(30): out += "\\u" + String(scalar.value, radix: 16).leftPadded(4)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        case .literal:
            let trailing = text.reversed().prefix { $0 == "\n" }.count
            let header = trailing == 0 ? "|-" : trailing == 1 ? "|" : "|+"
            let body = text.dropLast(trailing).split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
            return header + "\n" + body + String(repeating: "\n", count: max(trailing, 1))
        case .folded:
            let lines = text.split(separator: " ", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
            return ">-\n" + lines + "\n"
        }
    }

    /// `tree` in flow style.
    mutating func flowText(_ tree: GeneratedDocument.Tree) -> String {
        switch tree {
        case .scalar(let text, let style): return style == .plain ? text : scalarText(text, style, indent: 0)
        case .sequence(let items): return "[" + items.map { flowText($0) }.joined(separator: pick([", ", ",", " ,  "])) + "]"
        case .mapping(let entries):
            return "{" + entries.map { key(($0.0), flow: true) + ": " + flowText($0.1) }.joined(separator: pick([", ", ","])) + "}"
        }
    }

    /// Whether every scalar of `tree` can be written inside `[ ]` or `{ }` in the style it has.
    func flowCompatible(_ tree: GeneratedDocument.Tree) -> Bool {
        switch tree {
        case .scalar(let text, let style): style == .single || style == .double || (style == .plain && plainSafe(text, flow: true))
        case .sequence(let items): items.allSatisfy(flowCompatible)
        case .mapping(let entries): entries.allSatisfy { flowCompatible($0.1) }
        }
    }

    mutating func key(_ text: String, flow: Bool) -> String {
        plainSafe(text, flow: flow) && chance(80) ? text : "\"\(text)\""
    }

    /// A block collection (or a scalar at the root) at `indent`; every line ends with a line break.
    mutating func block(_ tree: GeneratedDocument.Tree, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        switch tree {
        case .scalar(let text, let style):
            let written = scalarText(text, style, indent: indent)
            return written.hasSuffix("\n") ? written : written + "\n"
        case .mapping(let entries):
            var out = ""
            for (index, (name, value)) in entries.enumerated() {
                if index > 0 && chance(10) { out += "# between\n" }
                out += pad + key(name, flow: false) + ":" + afterKey(value, indent: indent)
            }
            return out
        case .sequence(let items):
            var out = ""
            for item in items {
                out += pad + "-" + afterDash(item, indent: indent)
            }
            return out
        }
    }

    /// What follows a key's `:`, up to and including the line break of the value's last line.
    mutating func afterKey(_ value: GeneratedDocument.Tree, indent: Int) -> String {
        switch value {
        case .scalar(let text, let style):
            if style == .plain && chance(15) { return "\n" + String(repeating: " ", count: indent + 2) + text + "\n" }
            return " " + line(scalarText(text, style, indent: indent))
        case .mapping(let entries) where !entries.isEmpty && (!flowCompatible(value) || chance(70)):
            return comment() + "\n" + block(value, indent: indent + 2)
        case .sequence(let items) where !items.isEmpty && (!flowCompatible(value) || chance(70)):
            return comment() + "\n" + block(value, indent: chance(50) ? indent : indent + 2)
        default:
            return " " + line(flowText(value))
        }
    }

    /// What follows a list item's `-`.
    mutating func afterDash(_ item: GeneratedDocument.Tree, indent: Int) -> String {
        switch item {
        case .scalar(let text, let style):
            return " " + line(scalarText(text, style, indent: indent))
        case .mapping(let entries) where !entries.isEmpty && (!flowCompatible(item) || chance(70)):
            let written = block(item, indent: indent + 2)
            return " " + written.dropFirst(indent + 2)
        case .sequence(let items) where !items.isEmpty && (!flowCompatible(item) || chance(70)):
            if chance(50) { return "\n" + block(item, indent: indent + 2) }
            return " " + block(item, indent: indent + 2).dropFirst(indent + 2)
        default:
            return " " + line(flowText(item))
        }
    }

    /// A single- or multi-line value ended by a line break, with a comment after a one-line value now and then.
    mutating func line(_ text: String) -> String {
        if text.hasSuffix("\n") { return text }
        return text + (text.contains("\n") ? "" : comment()) + "\n"
    }

    mutating func comment() -> String { chance(15) ? " # note: x" : "" }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
