import SluiceYAML

/// A node tree as short text for comparing trees in tests: plain scalars bare (`<>` when empty), quoted ones in
/// `'…'` or `"…"`, block scalars as `|"…"` and `>"…"`, with `\n` for line breaks; `[a, b]`, `{k: v}`.
enum Render {
    /// `bareKeys` writes keys as their text whatever their style.
    static func tree(_ node: YAMLNode, bareKeys: Bool = false) -> String {
        switch node.content {
        case .scalar(let scalar): scalarText(scalar.string, scalar.style)
        case .sequence(let items): "[" + items.map { tree($0, bareKeys: bareKeys) }.joined(separator: ", ") + "]"
        case .mapping(let mapping):
            "{"
                + mapping.map { (bareKeys ? $0.key.scalar?.string ?? "?" : tree($0.key)) + ": " + tree($0.value, bareKeys: bareKeys) }
                .joined(separator: ", ") + "}"
        }
    }

    static func scalarText(_ text: String, _ style: YAMLScalar.Style) -> String {
        let escaped = text.unicodeScalars.map { $0 == "\n" ? "\\n" : $0 == "\t" ? "\\t" : String($0) }.joined()
        switch style {
        case .plain: return escaped.isEmpty ? "<>" : escaped
        case .singleQuoted: return "'\(escaped)'"
        case .doubleQuoted: return "\"\(escaped)\""
        case .literal: return "|\"\(escaped)\""
        case .folded: return ">\"\(escaped)\""
        }
    }
}
