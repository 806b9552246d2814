import FoundationEssentials
import Logging
import SQLiteNIO
import Synchronization

/// An embedded full-text search index in SQLite files (FTS5, bm25 ranking): the sink behind `GET /search` in
/// `sluice dev`.
///
/// The files hold any number of named indexes (``ensureIndex(_:)``). Each stores documents by id with the version
/// they were written at; ``apply(_:to:)`` writes a batch of envelopes and never lets an older version overwrite a
/// newer one, so replaying a batch changes nothing. A delete leaves a tombstone that keeps its version, so an update
/// older than the delete that arrives after it stays deleted.
///
/// Documents are spread over ``Configuration/shards`` files by a hash of their id, and a batch is written to the
/// shards side by side, each in its own transaction: one SQLite writer is one core, and FTS5 indexing is most of the
/// work. A batch that fails may be written in part; writing it again is harmless.
///
/// ```swift
/// let index = try await SearchIndex.open(path: ".sluice/search.sqlite")
/// try await index.ensureIndex(SearchIndexDefinition(name: "assets", fields: [SearchField("title", weight: 2), "description"]))
/// let outcomes = try await index.apply(envelopes, to: "assets")
/// let results = try await index.search(index: "assets", query: "river OR lake", limit: 10)
/// try await index.close()
/// ```
///
/// Reads (``search(index:query:limit:offset:)``, ``count(index:)``, ``get(index:id:)``) run on connections and
/// threads of their own and see the last committed batch of each shard; they do not wait for a batch being written.
/// A search is bounded by ``Configuration/queryBudget``; whatever happens to one (an error, a client that goes away,
/// the budget running out), the next one finds every connection ready.
public final class SearchIndex: Sendable {
    /// How the index files are opened.
    public struct Configuration: Sendable {
        /// Where SQLiteNIO logs.
        public var logger: Logger
        /// How many files a new index is spread over (1 to ``maximumShards``). An existing index keeps the count
        /// it was created with. Default 1.
        public var shards: Int
        /// How long one search may take, waiting for a reading connection included, before it is stopped with
        /// ``SluiceSQLiteError/Code/timedOut``. Default 2 seconds: far above what a selective query takes, short
        /// enough that a query over most of a large index does not hold the readers others wait for.
        public var queryBudget: Duration
        /// How hard each write's commit is synced to the disk. Default ``SynchronousMode/full``: an applied change
        /// survives a power loss.
        public var synchronous: SynchronousMode

        /// Creates the default configuration.
        public init() {
            logger = Logger(label: "sluice.sqlite.search")
            shards = 1
            queryBudget = .seconds(2)
            synchronous = .full
        }
    }

    /// The most shards an index may have.
    public static let maximumShards = 16

    let shards: IndexShards
    /// How long one search may take.
    let queryBudget: Duration
    private let catalog: Mutex<[String: CatalogEntry]>

    private init(shards: IndexShards, queryBudget: Duration, entries: [CatalogEntry]) {
        self.shards = shards
        self.queryBudget = queryBudget
        self.catalog = Mutex(Dictionary(uniqueKeysWithValues: entries.map { ($0.definition.name, $0) }))
    }

    /// How many files the index is spread over.
    public var shardCount: Int { shards.files.count }

    /// Opens the index at `path` (and its other shards next to it), creating what is missing.
    /// - Throws: ``SluiceSQLiteError/Code/invalidArgument`` for a shard count out of range;
    ///   ``SluiceSQLiteError/Code/storage`` when a file cannot be opened.
    public static func open(path: String, configuration: Configuration = Configuration()) async throws -> SearchIndex {
        guard (1...maximumShards).contains(configuration.shards) else {
            throw SluiceSQLiteError(.invalidArgument, "shards must be between 1 and \(maximumShards), not \(configuration.shards)")
        }
        guard configuration.queryBudget > .zero else {
            throw SluiceSQLiteError(.invalidArgument, "the query budget must be positive, not \(configuration.queryBudget)")
        }
        var files: [SQLiteDatabaseFile] = []
        do {
            // The shards share one page cache budget (stored counts above the configured one get a little more).
            let cache = 65_536 / configuration.shards
            let first = try await openFile(path, cache: cache, configuration)
            files.append(first)
            let (count, entries) = try await first.write { connection in
                _ = try await connection.query(IndexSchema.catalog)
                let count = try await IndexShards.count(on: connection, requested: configuration.shards)
                return (count, try await CatalogEntry.loadAll(on: connection))
            }
            for number in files.count..<count {
                let shardPath = IndexShards.path(path, shard: number)
                if !entries.isEmpty, !FileManager.default.fileExists(atPath: shardPath) {
                    throw SluiceSQLiteError(.storage, "\(path) is shard 0 of \(count), but shard \(number) (\(shardPath)) is missing")
                }
                let file = try await openFile(shardPath, cache: cache, configuration)
                files.append(file)
                try await file.write { connection in
                    _ = try await connection.query(IndexSchema.catalog)
                    for entry in entries { _ = try await Self.ensure(entry.definition, id: entry.id, on: connection) }
                }
            }
            return SearchIndex(shards: IndexShards(files: files), queryBudget: configuration.queryBudget, entries: entries)
        } catch {
            for file in files { try? await file.close() }
            throw error
        }
    }

    /// One shard's file: reads wait for a lock no longer than a search may take.
    private static func openFile(_ path: String, cache: Int, _ configuration: Configuration) async throws -> SQLiteDatabaseFile {
        try await SQLiteDatabaseFile.open(
            path: path,
            logger: configuration.logger,
            synchronous: configuration.synchronous,
            writerCacheKiB: cache,
            readerBusyTimeout: configuration.queryBudget
        )
    }

    /// Waits for running operations and closes the files; call it before the last reference goes away (SQLiteNIO
    /// asserts that connections are closed). Later calls throw ``SluiceSQLiteError/Code/closed``.
    public func close() async throws {
        var failure: (any Error)?
        for file in shards.files {
            do { try await file.close() } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
    }

    /// Creates the index, or brings an existing one in line with `definition`.
    ///
    /// Changing the searchable fields rebuilds the full-text index from the stored documents (in one
    /// transaction per shard, so searches see the old or the new fields, never a mix within a shard); changing only
    /// weights is immediate.
    /// - Throws: ``SluiceSQLiteError/Code/invalidArgument`` for an invalid definition;
    ///   ``SluiceSQLiteError/Code/definitionConflict`` when the index exists with another ``SearchIndexDefinition/idField``
    ///   (its documents are keyed by the old one).
    public func ensureIndex(_ definition: SearchIndexDefinition) async throws {
        try definition.validate()
        let entry = try await shards.files[0].write { connection in try await Self.ensure(definition, id: nil, on: connection) }
        for file in shards.files.dropFirst() {
            _ = try await file.write { connection in try await Self.ensure(definition, id: entry.id, on: connection) }
        }
        catalog.withLock { $0[definition.name] = entry }
    }

    /// Creates or updates the index in one shard's catalog; `id` forces the catalog id (the first shard's) in the others.
    private static func ensure(_ definition: SearchIndexDefinition, id: Int64?, on connection: SQLiteConnection) async throws -> CatalogEntry {
        let rows = try await connection.query("SELECT id, name, fields, id_field FROM sluice_index WHERE name = ?", [.text(definition.name)])
        let fields = SQLiteData.text(CatalogEntry.encode(definition.fields))
        guard let row = rows.first else {
            let inserted = try await connection.query(
                "INSERT INTO sluice_index (id, name, fields, id_field) VALUES (?, ?, ?, ?) RETURNING id",
                [id.map { .integer(Int($0)) } ?? .null, .text(definition.name), fields, definition.idField.map { .text($0) } ?? .null]
            )
            let entry = CatalogEntry(id: try inserted[0].int64("id"), definition: definition)
            for statement in entry.schema.createDocuments + entry.schema.createFullText {
                _ = try await connection.query(statement)
            }
            return entry
        }
        let existing = try CatalogEntry(row: row)
        if let id, existing.id != id {
            throw SluiceSQLiteError(.storage, "index '\(definition.name)' has catalog id \(existing.id) in one shard and \(id) in the first")
        }
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

    /// Deletes the index and its documents.
    /// - Returns: `false` when there was no such index.
    @discardableResult
    public func dropIndex(named name: String) async throws -> Bool {
        guard let entry = catalog.withLock({ $0[name] }) else { return false }
        for file in shards.files {
            try await file.write { connection in
                for statement in entry.schema.dropAll { _ = try await connection.query(statement) }
                _ = try await connection.query("DELETE FROM sluice_index WHERE id = ?", [.integer(Int(entry.id))])
            }
        }
        catalog.withLock { _ = $0.removeValue(forKey: name) }
        return true
    }

    /// Merges the full-text segments of index `index` into one per shard, so queries read less; worth it after a
    /// large ingest. It rewrites the whole full-text index in one transaction per shard, during which batches wait.
    public func optimize(index: String) async throws {
        let schema = try entry(index).schema
        for file in shards.files {
            try await file.write { connection in _ = try await connection.query(schema.optimizeFullText) }
        }
    }

    /// The definitions of the indexes in the files, by name.
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
