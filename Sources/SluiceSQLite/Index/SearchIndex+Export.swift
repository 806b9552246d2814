import SQLiteNIO

/// A document as the index stores it, for copying the index into another engine.
public struct StoredDocument: Sendable, Hashable {
    /// The document id.
    public let id: String
    /// The version it was written or deleted at.
    public let version: Int64
    /// The stored JSON text; `nil` for a deleted document, whose version is kept so that an older update arriving
    /// later stays ignored.
    public let body: String?
}

extension SearchIndex {
    /// Hands every document and tombstone of `index` to `body`, in pages of up to `pageSize`, shard after shard in
    /// the order they were first written. Each page is read in a transaction of its own, so batches written meanwhile
    /// may or may not be seen: read an index nobody writes to.
    /// - Throws: ``SluiceSQLiteError/Code/indexNotFound``; ``SluiceSQLiteError/Code/invalidArgument`` for a page
    ///   size below 1; whatever `body` throws.
    public func forEachStoredPage(
        index: String,
        pageSize: Int = 1000,
        _ body: ([StoredDocument]) async throws -> Void
    ) async throws {
        guard pageSize >= 1 else { throw SluiceSQLiteError(.invalidArgument, "the page size must be at least 1, not \(pageSize)") }
        let documents = try entry(index).schema.documents
        let select = "SELECT rid, doc_id, version, body FROM \(documents) WHERE rid > ? ORDER BY rid LIMIT \(pageSize)"
        for file in shards.files {
            var after = Int64.min
            while true {
                let bound = SQLiteData.integer(Int(after))
                let page = try await file.read { connection in
                    try await connection.query(select, [bound]).map { row in
                        (
                            try row.int64("rid"),
                            StoredDocument(id: try row.string("doc_id"), version: try row.int64("version"), body: try row.optionalString("body"))
                        )
                    }
                }
                guard let last = page.last else { break }
                try await body(page.map(\.1))
                after = last.0
                if page.count < pageSize { break }
            }
        }
    }
}
