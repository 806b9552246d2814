import SQLiteNIO
import SluiceCore

extension SearchIndex {
    /// The most hits one page may ask for.
    public static let maximumPageSize = 1000
    /// The largest offset a search may start at: deeper pages cost every shard that many ranked hits.
    public static let maximumOffset = 10_000

    /// Finds the documents of `index` that match `query`, best first.
    ///
    /// `query` uses SQLite FTS5 syntax: terms (`river lake` finds documents with both), `OR`, `NOT`,
    /// `"exact phrase"`, prefixes (`riv*`), `NEAR(a b, 5)` and field filters (`title: river`,
    /// `"author.name": ada`). A word with hyphens (`eu-north-1`, a date, a UUID) is a phrase of its parts.
    /// Terms match case-insensitively and ignore diacritics. Documents are ranked
    /// by bm25 with the fields' weights, each shard with its own term statistics (documents are spread by a hash of
    /// their id, so the statistics agree closely); equal scores keep the order documents were first indexed in,
    /// shard by shard.
    ///
    /// A search runs within its budget (``Configuration/queryBudget`` unless `budget` says otherwise), waiting for a
    /// reading connection included; past it the search stops with ``SluiceSQLiteError/Code/timedOut``, and the
    /// connections are ready for the next one.
    /// - Parameters:
    ///   - index: The index name.
    ///   - query: The FTS5 query.
    ///   - limit: The page size, 0 (only the total) to ``maximumPageSize``.
    ///   - offset: How many hits to skip, 0 to ``maximumOffset``.
    ///   - budget: How long this search may take; `nil` for ``Configuration/queryBudget``.
    /// - Throws: ``SluiceSQLiteError/Code/invalidQuery`` for an empty or malformed query or an unknown
    ///   field; ``SluiceSQLiteError/Code/indexNotFound``; ``SluiceSQLiteError/Code/invalidArgument`` for
    ///   a limit or offset out of range; ``SluiceSQLiteError/Code/timedOut`` past the budget.
    public func search(index: String, query: String, limit: Int = 10, offset: Int = 0, budget: Duration? = nil) async throws -> SearchResults {
        let entry = try entry(index)
        guard (0...Self.maximumPageSize).contains(limit) else {
            throw SluiceSQLiteError(.invalidArgument, "limit must be between 0 and \(Self.maximumPageSize), not \(limit)")
        }
        guard (0...Self.maximumOffset).contains(offset) else {
            throw SluiceSQLiteError(.invalidArgument, "offset must be between 0 and \(Self.maximumOffset), not \(offset)")
        }
        guard query.contains(where: { !$0.isWhitespace }) else { throw SluiceSQLiteError(.invalidQuery, "the query is empty") }
        let budget = budget ?? queryBudget
        let deadline = ContinuousClock.now + budget
        do {
            do {
                return try await search(entry, query: query, limit: limit, offset: offset, until: deadline)
            } catch let error as SluiceSQLiteError where error.code == .invalidQuery {
                // FTS5 reads a hyphen inside a word as a column filter (`eu-north-1`: "no such column: north"); words such as
                // region names, dates and UUIDs are meant as phrases, so they are quoted and the query tried once more.
                guard let phrased = FullTextQuery.quotingHyphenatedWords(query, after: error) else { throw error }
                return try await search(entry, query: phrased, limit: limit, offset: offset, until: deadline)
            }
        } catch let error as SluiceSQLiteError where error.code == .timedOut {
            throw SluiceSQLiteError(
                .timedOut,
                "the query took longer than its time budget of \(budget) and was stopped; make it narrower"
            )
        }
    }

    /// Runs a validated query on every shard and cuts the page from their hits.
    private func search(
        _ entry: CatalogEntry,
        query: String,
        limit: Int,
        offset: Int,
        until deadline: ContinuousClock.Instant
    ) async throws -> SearchResults {
        let ranking = SearchRanking(entry: entry, query: query, deadline: deadline)
        guard shards.files.count > 1 else {
            // One shard pages in SQL and reads the page's documents in the same snapshot.
            let (total, hits) = try await ranking.page(limit: limit, offset: offset, on: shards.files[0])
            return SearchResults(total: total, hits: hits)
        }
        // Several shards rank their best offset + limit hits each, without the documents; the page is cut from them
        // merged, and only its documents are read.
        let ranked = try await withThrowingTaskGroup(of: (Int, Int, [RankedHit]).self) { group in
            for (number, file) in shards.files.enumerated() {
                group.addTask {
                    let (total, hits) = try await ranking.best(limit == 0 ? 0 : offset + limit, on: file)
                    return (number, total, hits)
                }
            }
            var shards: [(shard: Int, total: Int, hits: [RankedHit])] = []
            for try await shard in group { shards.append(shard) }
            return shards
        }
        let total = ranked.reduce(0) { $0 + $1.total }
        // Best score first; equal scores by shard, then each shard's own order.
        let page = ranked.flatMap { shard in shard.hits.enumerated().map { (shard: shard.shard, rank: $0.offset, hit: $0.element) } }
            .sorted { a, b in a.hit.score != b.hit.score ? a.hit.score > b.hit.score : (a.shard, a.rank) < (b.shard, b.rank) }
            .dropFirst(offset).prefix(limit)
        let documents = try await withThrowingTaskGroup(of: (Int, [Int64: IndexedDocument]).self) { group in
            for (shard, hits) in Dictionary(grouping: page, by: \.shard) {
                group.addTask { (shard, try await ranking.documents(hits.map(\.hit.rowID), on: self.shards.files[shard])) }
            }
            var documents: [Int: [Int64: IndexedDocument]] = [:]
            for try await (shard, found) in group { documents[shard] = found }
            return documents
        }
        // A document deleted between ranking and reading is left out of the page.
        let hits = page.compactMap { entry in
            documents[entry.shard]?[entry.hit.rowID].map {
                SearchHit(id: $0.id, score: entry.hit.score, version: $0.version, document: $0.document)
            }
        }
        return SearchResults(total: total, hits: hits)
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
    static func document(_ row: SQLiteRow) throws -> JSONValue {
        do {
            return try JSONValue.parse(Array(try row.string("body").utf8))
        } catch {
            throw SluiceSQLiteError(.storage, "a stored document is not valid JSON: \(error)")
        }
    }
}
