/// Rewrites of FTS5 queries that users write as plain text.
enum FullTextQuery {
    /// The query with its hyphenated words quoted as phrases, when `error` is FTS5 reading one of them as a column
    /// filter ("no such column: north" for `eu-north-1`); `nil` when the error is something else (an unknown field
    /// written as `name:` stays an error) or quoting changes nothing.
    static func quotingHyphenatedWords(_ query: String, after error: SluiceSQLiteError) -> String? {
        guard let range = error.message.firstRange(of: "no such column: ") else { return nil }
        let column = error.message[range.upperBound...].prefix { !$0.isWhitespace && $0 != ")" && $0 != "'" }
        guard !column.isEmpty, !query.lowercased().contains("\(column.lowercased()):") else { return nil }
        var inPhrase = false
        var words: [String] = []
        for word in query.split(separator: " ", omittingEmptySubsequences: false) {
            let quotes = word.filter { $0 == "\"" }.count
            if !inPhrase, quotes == 0, word.contains("-"), word.contains(where: { $0.isLetter || $0.isNumber }) {
                words.append("\"\(word)\"")
            } else {
                words.append(String(word))
            }
            if quotes % 2 == 1 { inPhrase.toggle() }
        }
        let rewritten = words.joined(separator: " ")
        return rewritten == query ? nil : rewritten
    }
}
