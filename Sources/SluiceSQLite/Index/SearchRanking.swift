import SQLiteNIO
import SluiceCore

/// A hit of one shard before its document is read: the full-text row and its score.
struct RankedHit: Sendable {
    var rowID: Int64
    var score: Double
}

/// The statements of one validated query, run shard by shard within one deadline.
///
/// Every statement that visits matching rows checks the budget (``QueryBudget/functionName``) per row, so a query
/// over too many rows stops at the deadline.
struct SearchRanking: Sendable {
    let entry: CatalogEntry
    let query: String
    let deadline: ContinuousClock.Instant

    private var documents: String { entry.schema.documents }
    private var fullText: String { entry.schema.fullText }
    private var weights: String { entry.definition.fields.map { "\($0.weight)" }.joined(separator: ", ") }
    private var matching: String { "\(fullText) MATCH ? AND \(QueryBudget.functionName)()" }

    /// The shard's total and its hits `offset ..< offset + limit` with their documents, in one snapshot.
    func page(limit: Int, offset: Int, on file: SQLiteDatabaseFile) async throws -> (Int, [SearchHit]) {
        let statement = """
            SELECT d.doc_id, d.version, d.body, page.score FROM (
                SELECT rowid, -bm25(\(fullText), \(weights)) AS score FROM \(fullText)
                WHERE \(matching) ORDER BY score DESC, rowid LIMIT ? OFFSET ?
            ) AS page JOIN \(documents) d ON d.rid = page.rowid
            ORDER BY page.score DESC, page.rowid
            """
        let (total, rows) = try await read(on: file) { connection in
            let total = try await count(on: connection)
            let rows = limit == 0 ? [] : try await connection.query(statement, [.text(query), .integer(limit), .integer(offset)])
            return (total, rows)
        }
        let hits = try rows.map { row in
            SearchHit(
                id: try row.string("doc_id"),
                score: try row.double("score"),
                version: try row.int64("version"),
                document: try SearchIndex.document(row)
            )
        }
        return (total, hits)
    }

    /// The shard's total and its best `limit` hits, without their documents.
    func best(_ limit: Int, on file: SQLiteDatabaseFile) async throws -> (Int, [RankedHit]) {
        let statement = """
            SELECT rowid, -bm25(\(fullText), \(weights)) AS score FROM \(fullText)
            WHERE \(matching) ORDER BY score DESC, rowid LIMIT ?
            """
        let (total, rows) = try await read(on: file) { connection in
            let total = try await count(on: connection)
            let rows = limit == 0 ? [] : try await connection.query(statement, [.text(query), .integer(limit)])
            return (total, rows)
        }
        return (total, try rows.map { RankedHit(rowID: try $0.int64("rowid"), score: try $0.double("score")) })
    }

    /// The live documents of the shard's rows `rowIDs`, by row.
    func documents(_ rowIDs: [Int64], on file: SQLiteDatabaseFile) async throws -> [Int64: IndexedDocument] {
        let statement = """
            SELECT rid, doc_id, version, body FROM \(documents)
            WHERE rid IN (\(SQLText.placeholders(rowIDs.count))) AND body IS NOT NULL
            """
        let rows = try await file.read(until: deadline) { connection in
            try await connection.query(statement, rowIDs.map { .integer(Int($0)) })
        }
        var found: [Int64: IndexedDocument] = [:]
        for row in rows {
            found[try row.int64("rid")] = IndexedDocument(
                id: try row.string("doc_id"),
                version: try row.int64("version"),
                document: try SearchIndex.document(row)
            )
        }
        return found
    }

    private func count(on connection: SQLiteConnection) async throws -> Int {
        let rows = try await connection.query("SELECT count(*) AS n FROM \(fullText) WHERE \(matching)", [.text(query)])
        return Int(try rows.first?.int64("n") ?? 0)
    }

    /// Runs `body` in a read of `file` within the deadline; SQLite's errors in it are the query's fault.
    private func read<T: Sendable>(
        on file: SQLiteDatabaseFile,
        _ body: @escaping @Sendable (SQLiteConnection) async throws -> T
    ) async throws -> T {
        let query = query
        return try await file.read(until: deadline) { connection in
            do {
                return try await body(connection)
            } catch let error as SQLiteError where error.reason == .error {
                throw SluiceSQLiteError(.invalidQuery, "cannot run query '\(query)': \(error.message)")
            }
        }
    }
}
