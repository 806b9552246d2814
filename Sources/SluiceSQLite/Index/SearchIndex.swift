import Logging
import SQLiteNIO
import Synchronization

/// An embedded full-text search index in one SQLite file (FTS5, bm25 ranking): the sink behind
/// `GET /search` in `sluice dev`.
///
/// The file holds any number of named indexes (``ensureIndex(_:)``). Each stores documents by id with
/// the version they were written at; ``apply(_:to:)`` writes a batch of envelopes in one transaction and
/// never lets an older version overwrite a newer one, so replaying a batch changes nothing. A delete
/// leaves a tombstone that keeps its version, so an update older than the delete that arrives after it
/// stays deleted.
///
/// ```swift
/// let index = try await SearchIndex.open(path: ".sluice/search.sqlite")
/// try await index.ensureIndex(SearchIndexDefinition(name: "assets", fields: [SearchField("title", weight: 2), "description"]))
/// let outcomes = try await index.apply(envelopes, to: "assets")
/// let results = try await index.search(index: "assets", query: "river OR lake", limit: 10)
/// try await index.close()
/// ```
///
/// Reads (``search(index:query:limit:offset:)``, ``count(index:)``, ``get(index:id:)``) run on a
/// separate connection and see the last committed batch; they do not wait for a batch being written.
public final class SearchIndex: Sendable {
    /// How the index file is opened.
    public struct Configuration: Sendable {
        /// Where SQLiteNIO logs.
        public var logger: Logger

        /// Creates the default configuration.
        public init() {
            logger = Logger(label: "sluice.sqlite.search")
        }
    }

    let file: SQLiteDatabaseFile
    private let catalog: Mutex<[String: CatalogEntry]>

    private init(file: SQLiteDatabaseFile, entries: [CatalogEntry]) {
        self.file = file
        self.catalog = Mutex(Dictionary(uniqueKeysWithValues: entries.map { ($0.definition.name, $0) }))
    }

    /// Opens the index file at `path`, creating it when missing.
    public static func open(path: String, configuration: Configuration = Configuration()) async throws -> SearchIndex {
        let file = try await SQLiteDatabaseFile.open(path: path, logger: configuration.logger)
        do {
            let entries = try await file.write { connection in
                _ = try await connection.query(IndexSchema.catalog)
                return try await CatalogEntry.loadAll(on: connection)
            }
            return SearchIndex(file: file, entries: entries)
        } catch {
            try? await file.close()
            throw error
        }
    }

    /// Waits for running operations and closes the file; call it before the last reference goes away (SQLiteNIO
    /// asserts that connections are closed). Later calls throw ``SluiceSQLiteError/Code/closed``.
    public func close() async throws {
        try await file.close()
    }

    /// Creates the index, or brings an existing one in line with `definition`.
    ///
    /// Changing the searchable fields rebuilds the full-text index from the stored documents (in one
    /// transaction, so searches see the old or the new fields, never a mix); changing only weights is
    /// immediate.
    /// - Throws: ``SluiceSQLiteError/Code/invalidArgument`` for an invalid definition;
    ///   ``SluiceSQLiteError/Code/definitionConflict`` when the index exists with another ``SearchIndexDefinition/idField``
    ///   (its documents are keyed by the old one).
    public func ensureIndex(_ definition: SearchIndexDefinition) async throws {
        try definition.validate()
        let entry = try await file.write { connection in
            let rows = try await connection.query(
                "SELECT id, name, fields, id_field FROM sluice_index WHERE name = ?",
                [.text(definition.name)]
            )
            let fields = SQLiteData.text(CatalogEntry.encode(definition.fields))
            guard let row = rows.first else {
                let inserted = try await connection.query(
                    "INSERT INTO sluice_index (name, fields, id_field) VALUES (?, ?, ?) RETURNING id",
                    [.text(definition.name), fields, definition.idField.map { .text($0) } ?? .null]
                )
                let entry = CatalogEntry(id: try inserted[0].int64("id"), definition: definition)
                for statement in entry.schema.createDocuments + entry.schema.createFullText {
                    _ = try await connection.query(statement)
                }
                return entry
            }
            let existing = try CatalogEntry(row: row)
            guard existing.definition.idField == definition.idField else {
                throw SluiceSQLiteError(
                    .definitionConflict,
                    "index '\(definition.name)' takes document ids from \(existing.definition.idField ?? "the resource id"); drop it to change that"
                )
            }
            let entry = CatalogEntry(id: existing.id, definition: definition)
            if existing.definition.fields.map(\.path) != definition.fields.map(\.path) {
                for statement in [existing.schema.dropFullText] + entry.schema.createFullText {
                    _ = try await connection.query(statement)
                }
            }
            _ = try await connection.query("UPDATE sluice_index SET fields = ? WHERE id = ?", [fields, .integer(Int(existing.id))])
            return entry
        }
        catalog.withLock { $0[definition.name] = entry }
    }

    /// Deletes the index and its documents.
    /// - Returns: `false` when there was no such index.
    @discardableResult
    public func dropIndex(named name: String) async throws -> Bool {
        guard let entry = catalog.withLock({ $0[name] }) else { return false }
        try await file.write { connection in
            for statement in entry.schema.dropAll { _ = try await connection.query(statement) }
            _ = try await connection.query("DELETE FROM sluice_index WHERE id = ?", [.integer(Int(entry.id))])
        }
        catalog.withLock { _ = $0.removeValue(forKey: name) }
        return true
    }

    /// Merges the full-text segments of index `index` into one, so queries read less; worth it after a
    /// large ingest. It rewrites the whole full-text index in one transaction, during which batches wait.
    public func optimize(index: String) async throws {
        let schema = try entry(index).schema
        try await file.write { connection in _ = try await connection.query(schema.optimizeFullText) }
    }

    /// The definitions of the indexes in the file, by name.
    public var indexes: [SearchIndexDefinition] {
        catalog.withLock { $0.values.map(\.definition) }.sorted { $0.name < $1.name }
    }

    /// The catalog entry of index `name`; throws ``SluiceSQLiteError/Code/indexNotFound`` when there is none.
    func entry(_ name: String) throws -> CatalogEntry {
        guard let entry = catalog.withLock({ $0[name] }) else {
            throw SluiceSQLiteError(.indexNotFound, "no search index named '\(name)'")
        }
        return entry
    }
}
