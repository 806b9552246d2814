/// Builds the parts of SQL statements that depend on a count or a name.
enum SQLText {
    /// `?, ?, ?` with `count` placeholders.
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// `(?, ?), (?, ?)`: `rows` tuples of `columns` placeholders, for a multi-row `VALUES`.
    static func rows(_ rows: Int, columns: Int) -> String {
        Array(repeating: "(\(placeholders(columns)))", count: rows).joined(separator: ", ")
    }

    /// `name` as a double-quoted SQL identifier.
    static func identifier(_ name: String) -> String {
        "\"" + name.replacing("\"", with: "\"\"") + "\""
    }

    /// `text` as a single-quoted SQL string literal, for statements that cannot take parameters (triggers).
    static func literal(_ text: String) -> String {
        "'" + text.replacing("'", with: "''") + "'"
    }
}
