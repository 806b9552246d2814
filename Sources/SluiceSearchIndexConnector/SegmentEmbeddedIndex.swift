import Logging
import SluiceCore
import SluiceIndex
import SluiceRuntime
import Synchronization

/// The embedded index on the segment engine (``SluiceIndex/SegmentIndex``): one directory under `index_path` per
/// index name, each with its own shards. Indexes that exist on disk are opened when first searched, so `GET /search`
/// answers before any sink has started.
final class SegmentEmbeddedIndex: EmbeddedIndex {
    private let root: String
    private let configuration: SegmentIndex.Configuration
    private let logger: Logger
    private let indexes = Mutex<[String: SegmentIndex]>([:])
    /// The indexes being rebuilt for new fields: closed meanwhile, so searches of them are refused.
    let rebuilding = Mutex<Set<String>>([])

    private init(root: String, configuration: SegmentIndex.Configuration, logger: Logger) {
        self.root = root
        self.configuration = configuration
        self.logger = logger
    }

    /// The index in directory `root`. A path that holds an FTS5 index file is refused. When `root` does not exist
    /// and `previous`, the FTS5 file of the same configuration, holds an index, that index is first rebuilt into
    /// `root` from the documents it stores.
    static func open(root: String, previous: String?, configuration: SegmentIndex.Configuration, logger: Logger) async throws -> SegmentEmbeddedIndex
    {
        if let problem = FTS5Detection.problem(root: root) { throw IndexError(.incompatible, problem) }
        if let previous, FTS5Detection.needsRebuild(root: root, previous: previous) {
            logger.notice("rebuilding the FTS5 search index with the segment engine", metadata: ["from": "\(previous)", "to": "\(root)"])
            let started = ContinuousClock.now
            let summary = try await FTS5Rebuild.run(from: previous, into: root, configuration: configuration)
            logger.notice(
                "rebuilt the FTS5 search index with the segment engine; the FTS5 files are no longer read and can be removed",
                metadata: [
                    "from": "\(previous)", "to": "\(root)", "indexes": "\(summary.indexes.joined(separator: ","))",
                    "documents": "\(summary.documents)", "deletes": "\(summary.deletes)", "duration": "\(ContinuousClock.now - started)",
                ]
            )
        }
        return SegmentEmbeddedIndex(root: root, configuration: configuration, logger: logger)
    }

    /// Whether `byte` may be part of an index name: letters, digits, `-` and `_` (a name is a directory).
    static func isNameByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte)
            || (0x61...0x7a).contains(byte)
    }

    private func directory(_ name: String) throws -> String {
        guard !name.isEmpty, name.utf8.allSatisfy(Self.isNameByte) else {
            throw IndexError(.invalidArgument, "index name '\(name)' must be letters, digits, '-' and '_'")
        }
        return "\(root)/\(name)"
    }

    func ensureIndex(name: String, fields: [SearchIndexSinkConfig.Field]) async throws {
        let wanted = fields.map { IndexField($0.path, weight: $0.weight) }
        for field in fields where FieldPath(field.path) == nil {
            throw IndexError(.invalidArgument, "field path '\(field.path)' must be keys joined by '.', with optional [index]")
        }
        if let open = indexes.withLock({ $0[name] }), open.fields == wanted { return }
        let directory = try directory(name)
        try SegmentReindex.recover(directory)
        let index: SegmentIndex
        if let existing = try SegmentIndex.existingFields(in: directory),
            existing.map({ $0.name.lowercased() }) != wanted.map({ $0.name.lowercased() })
        {
            // Another set of searchable fields: rebuilt from the stored documents, with the index closed meanwhile.
            rebuilding.withLock { _ = $0.insert(name) }
            defer { rebuilding.withLock { _ = $0.remove(name) } }
            indexes.withLock { $0.removeValue(forKey: name) }?.close()
            let old = try SegmentIndex.open(directory: directory, fields: existing, configuration: configuration)
            logger.notice(
                "rebuilding search index for its new fields",
                metadata: ["index": "\(name)", "from": "\(existing.map(\.name))", "to": "\(wanted.map(\.name))"]
            )
            let started = ContinuousClock.now
            let rebuilt = try await SegmentReindex.run(old, in: directory, fields: wanted, configuration: configuration)
            logger.notice(
                "rebuilt search index for its new fields",
                metadata: ["index": "\(name)", "entries": "\(rebuilt.entries)", "duration": "\(ContinuousClock.now - started)"]
            )
            index = rebuilt.index
        } else {
            index = try SegmentIndex.open(directory: directory, fields: wanted, configuration: configuration)
        }
        let previous = indexes.withLock { indexes in
            defer { indexes[name] = index }
            return indexes[name]
        }
        previous?.close()
    }

    /// The open index `name`, opening it from disk when it exists there.
    private func index(_ name: String) throws -> SegmentIndex? {
        if let open = indexes.withLock({ $0[name] }) { return open }
        if rebuilding.withLock({ $0.contains(name) }) {
            throw OperationsError(.unavailable, "search index '\(name)' is being rebuilt for its new fields; try again when it is done")
        }
        let directory = try directory(name)
        try SegmentReindex.recover(directory)
        guard let opened = try SegmentIndex.openExisting(directory: directory, configuration: configuration) else { return nil }
        return indexes.withLock { indexes in
            if let raced = indexes[name] {
                opened.close()
                return raced
            }
            indexes[name] = opened
            return opened
        }
    }

    func apply(_ envelopes: [Envelope], to name: String) async throws -> [SinkResult] {
        guard let index = try index(name) else { throw IndexError(.invalidArgument, "no search index named '\(name)'") }
        // Applied and stale changes both count as delivered: a replay is harmless.
        return try await SegmentDocument.apply(envelopes, to: index, fieldPaths: index.fields.map(\.name)).map { rejection -> SinkResult in
            rejection.map { .rejected("rejected by index \(name): \($0.reason)") } ?? .delivered
        }
    }

    func search(_ query: SearchQuery) async throws(OperationsError) -> SearchResponse {
        do {
            guard let index = try index(query.index) else { throw OperationsError(.notFound, "no search index named '\(query.index)'") }
            let results = try await index.search(query.query, limit: query.limit, offset: query.offset)
            return SearchResponse(
                index: query.index,
                total: results.total,
                hits: results.hits.map {
                    SearchResponse.Hit(id: $0.id, score: $0.score, version: $0.version, document: String(decoding: $0.source, as: UTF8.self))
                }
            )
        } catch let error as OperationsError {
            throw error
        } catch let error as IndexError where error.code == .invalidQuery || error.code == .invalidArgument {
            throw OperationsError(.badRequest, error.message)
        } catch let error as IndexError where error.code == .timedOut {
            throw OperationsError(.unavailable, error.message)
        } catch {
            throw OperationsError(.internal, "\(error)")
        }
    }

    func count(index name: String) async throws -> Int {
        guard let index = try index(name) else { throw IndexError(.invalidArgument, "no search index named '\(name)'") }
        return index.count
    }

    func close() async {
        for index in indexes.withLock({ $0.values }) { index.close() }
    }
}
