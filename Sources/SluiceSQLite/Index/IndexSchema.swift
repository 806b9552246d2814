/// The tables of one index, named by its catalog id so that no user text becomes a table name.
///
/// `sluice_doc_N` holds every document and tombstone (a row with a NULL body keeps a deleted document's
/// version). `sluice_fts_N` is a contentless FTS5 table whose rowids are the documents' rowids, holding
/// the searchable fields of the live documents. ``SearchIndex/apply(_:to:)`` changes both in one
/// transaction, a few set-based statements per batch: FTS5 writes a new segment at the end of every
/// statement, so row-at-a-time maintenance (triggers) would be an order of magnitude slower.
///
/// A document leaves the full-text table through FTS5's `delete` command, which takes the values it was
/// indexed with; they are extracted from the stored body before it is replaced. (`contentless_delete`
/// tables avoid that, but their tombstones make every segment merge several times slower.)
struct IndexSchema: Sendable {
    let id: Int64
    let fields: [FieldPath]

    var documents: String { "sluice_doc_\(id)" }
    var fullText: String { "sluice_fts_\(id)" }

    /// The catalog of indexes.
    static let catalog = """
        CREATE TABLE IF NOT EXISTS sluice_index (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            fields TEXT NOT NULL,
            id_field TEXT
        )
        """

    /// Creates the documents table.
    var createDocuments: [String] {
        [
            "CREATE TABLE \(documents) (rid INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL, body TEXT)",
            "CREATE INDEX \(documents)_tombstones ON \(documents) (rid) WHERE body IS NULL",
        ]
    }

    /// Creates the full-text table and indexes the stored documents.
    var createFullText: [String] {
        [
            """
            CREATE VIRTUAL TABLE \(fullText) USING fts5(\(columns), content='', tokenize='unicode61 remove_diacritics 2')
            """,
            // Merge segments 16 at a time rather than 4: each posting is rewritten about half as often,
            // which makes batches of a thousand documents some 40% cheaper to index; queries read a few more
            // segments (``SearchIndex/optimize(index:)`` merges them all).
            "INSERT INTO \(fullText) (\(fullText), rank) VALUES ('automerge', 16)",
            "INSERT INTO \(fullText) (\(fullText), rank) VALUES ('crisismerge', 64)",
            "INSERT INTO \(fullText) (rowid, \(columns)) SELECT rid, \(extracts) FROM \(documents) WHERE body IS NOT NULL ORDER BY rid",
        ]
    }

    /// Merges all segments of the full-text table into one.
    var optimizeFullText: String { "INSERT INTO \(fullText) (\(fullText)) VALUES ('optimize')" }

    /// Drops the full-text table (the documents stay).
    var dropFullText: String { "DROP TABLE IF EXISTS \(fullText)" }

    /// Drops everything of the index.
    var dropAll: [String] { [dropFullText, "DROP TABLE IF EXISTS \(documents)"] }

    /// Indexes the searchable fields of `count` documents given by rowid, in rowid order.
    func insertFullText(count: Int) -> String {
        """
        INSERT INTO \(fullText) (rowid, \(columns)) SELECT rid, \(extracts) FROM \(documents)
        WHERE rid IN (\(SQLText.placeholders(count))) AND body IS NOT NULL ORDER BY rid
        """
    }

    /// Removes `count` live documents, given by rowid, from the full-text table; run it before their
    /// bodies change.
    func deleteFullText(count: Int) -> String {
        """
        INSERT INTO \(fullText) (\(fullText), rowid, \(columns)) SELECT 'delete', rid, \(extracts) FROM \(documents)
        WHERE rid IN (\(SQLText.placeholders(count))) AND body IS NOT NULL ORDER BY rid
        """
    }

    private var columns: String { fields.map { SQLText.identifier($0.text) }.joined(separator: ", ") }

    private var extracts: String { fields.map { "json_extract(body, \($0.sqliteLiteral))" }.joined(separator: ", ") }
}
