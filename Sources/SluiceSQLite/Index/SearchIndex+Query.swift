import SQLiteNIO
import SluiceCore

extension SearchIndex {
    /// The most hits one page may ask for.
    public static let maximumPageSize = 1000

    /// Finds the documents of `index` that match `query`, best first.
    ///
    /// `query` uses SQLite FTS5 syntax: terms (`river lake` finds documents with both), `OR`, `NOT`,
    /// `"exact phrase"`, prefixes (`riv*`), `NEAR(a b, 5)` and field filters (`title: river`,
    /// `"author.name": ada`). A word with hyphens (`eu-north-1`, a date, a UUID) is a phrase of its parts.
    /// Terms match case-insensitively and ignore diacritics. Documents are ranked
    /// by bm25 with the fields' weights, each shard with its own term statistics (documents are spread by a hash of
    /// their id, so the statistics agree closely); equal scores keep the order documents were first indexed in,
    /// shard by shard.
    /// - Parameters:
    ///   - index: The index name.
    ///   - query: The FTS5 query.
    ///   - limit: The page size, 0 (only the total) to ``maximumPageSize``.
    ///   - offset: How many hits to skip.
    /// - Throws: ``SluiceSQLiteError/Code/invalidQuery`` for an empty or malformed query or an unknown
    ///   field; ``SluiceSQLiteError/Code/indexNotFound``; ``SluiceSQLiteError/Code/invalidArgument`` for
    ///   a limit or offset out of range.
    public func search(index: String, query: String, limit: Int = 10, offset: Int = 0) async throws -> SearchResults {
        let entry = try entry(index)
        guard (0...Self.maximumPageSize).contains(limit) else {
            throw SluiceSQLiteError(.invalidArgument, "limit must be between 0 and \(Self.maximumPageSize), not \(limit)")
        }
        guard offset >= 0 else { throw SluiceSQLiteError(.invalidArgument, "offset must not be negative, not \(offset)") }
        guard query.contains(where: { !$0.isWhitespace }) else { throw SluiceSQLiteError(.invalidQuery, "the query is empty") }
        do {
            return try await search(entry, query: query, limit: limit, offset: offset)
        } catch let error as SluiceSQLiteError where error.code == .invalidQuery {
            // FTS5 reads a hyphen inside a word as a column filter (`eu-north-1`: "no such column: north"); words such as
            // region names, dates and UUIDs are meant as phrases, so they are quoted and the query tried once more.
            guard let phrased = FullTextQuery.quotingHyphenatedWords(query, after: error) else { throw error }
            return try await search(entry, query: phrased, limit: limit, offset: offset)
        }
    }

    /// Runs a validated query on every shard and cuts the page from their hits.
    private func search(_ entry: CatalogEntry, query: String, limit: Int, offset: Int) async throws -> SearchResults {
        // One shard pages in SQL; several give their best offset + limit hits each, and the page is cut from them merged.
        let single = shards.files.count == 1
        let pages = try await withThrowingTaskGroup(of: (Int, Int, [SearchHit]).self) { group in
            for (number, file) in shards.files.enumerated() {
                group.addTask {
                    let (total, hits) = try await Self.search(
                        entry,
                        query: query,
                        limit: single || limit == 0 ? limit : offset + limit,
                        offset: single ? offset : 0,
                        on: file
                    )
                    return (number, total, hits)
                }
            }
            var pages: [(shard: Int, total: Int, hits: [SearchHit])] = []
            for try await page in group { pages.append(page) }
            return pages.sorted { $0.shard < $1.shard }
        }
        let total = pages.reduce(0) { $0 + $1.total }
        if single { return SearchResults(total: total, hits: pages[0].hits) }
        // Best score first; equal scores by shard, then each shard's own order.
        let merged = pages.flatMap { page in page.hits.enumerated().map { (shard: page.shard, rank: $0.offset, hit: $0.element) } }
            .sorted { a, b in a.hit.score != b.hit.score ? a.hit.score > b.hit.score : (a.shard, a.rank) < (b.shard, b.rank) }
        return SearchResults(total: total, hits: merged.dropFirst(offset).prefix(limit).map(\.hit))
    }

    /// The total and the best `limit` hits after `offset` of `query` in one shard.
    private static func search(
        _ entry: CatalogEntry,
        query: String,
        limit: Int,
        offset: Int,
        on file: SQLiteDatabaseFile
    ) async throws -> (Int, [SearchHit]) {
        let documents = entry.schema.documents
        let fullText = entry.schema.fullText
        let weights = entry.definition.fields.map { "\($0.weight)" }.joined(separator: ", ")
        let (total, rows) = try await file.read { connection in
            do {
                let total = try await connection.query("SELECT count(*) AS n FROM \(fullText) WHERE \(fullText) MATCH ?", [.text(query)])
                let hits =
                    limit == 0
                    ? []
                    : try await connection.query(
                        """
                        SELECT d.doc_id, d.version, d.body, page.score FROM (
                            SELECT rowid, -bm25(\(fullText), \(weights)) AS score FROM \(fullText)
                            WHERE \(fullText) MATCH ? ORDER BY score DESC, rowid LIMIT ? OFFSET ?
                        ) AS page JOIN \(documents) d ON d.rid = page.rowid
                        ORDER BY page.score DESC, page.rowid
                        """,
                        [.text(query), .integer(limit), .integer(offset)]
                    )
                return (Int(try total.first?.int64("n") ?? 0), hits)
            } catch let error as SQLiteError where error.reason == .error {
                throw SluiceSQLiteError(.invalidQuery, "cannot run query '\(query)': \(error.message)")
            }
        }
        let hits = try rows.map { row in
            SearchHit(id: try row.string("doc_id"), score: try row.double("score"), version: try row.int64("version"), document: try document(row))
        }
        return (total, hits)
    }

    /// How many documents index `index` holds (tombstones do not count).
    public func count(index: String) async throws -> Int {
        let documents = try entry(index).schema.documents
        var count = 0
        for file in shards.files {
            count += try await file.read { connection in
                let rows = try await connection.query(
                    "SELECT (SELECT count(*) FROM \(documents)) - (SELECT count(*) FROM \(documents) WHERE body IS NULL) AS n"
                )
                return Int(try rows.first?.int64("n") ?? 0)
            }
        }
        return count
    }

    /// The document with id `id` in index `index`, or `nil` when there is none or it was deleted.
    public func get(index: String, id: String) async throws -> IndexedDocument? {
        let documents = try entry(index).schema.documents
        let rows = try await shards.files[shards.shard(of: id)].read { connection in
            try await connection.query("SELECT doc_id, version, body FROM \(documents) WHERE doc_id = ? AND body IS NOT NULL", [.text(id)])
        }
        guard let row = rows.first else { return nil }
        return IndexedDocument(id: try row.string("doc_id"), version: try row.int64("version"), document: try Self.document(row))
    }

    /// The parsed `body` column.
    private static func document(_ row: SQLiteRow) throws -> JSONValue {
        do {
            return try JSONValue.parse(Array(try row.string("body").utf8))
        } catch {
            throw SluiceSQLiteError(.storage, "a stored document is not valid JSON: \(error)")
        }
    }
}
