import SluiceIndex
import SluiceRuntime
import SluiceSQLite

/// Where the embedded search index lives, which engine keeps it, how hard its writes are synced and how it
/// answers: the top-level keys `index_engine`, `index_path`, `index_shards`, `index_synchronous` and
/// `search_timeout`.
public struct SearchIndexSettings: ConfigSectionSettings {
    /// The engine (`index_engine`); `nil` leaves the choice to the `search_index` sinks' `engine`, and when they do
    /// not say either, to ``SearchIndexEngine/segment`` (``SearchIndexEngine/fts5`` when ``path`` is an FTS5 file).
    public var engine: SearchIndexEngine?
    /// The index file (FTS5) or directory (segment); default `<data_dir>/index.sqlite` or `<data_dir>/index`.
    public var path: String?
    /// How many files (FTS5) or writers (segment) a new index is spread over, written side by side (1 to 16; an
    /// existing index keeps its count). Default 2: one writer is one core.
    public var shards: Int = 2
    /// How hard each write is synced to the disk before the sink counts it delivered (`index_synchronous`):
    /// ``SluiceSQLite/SynchronousMode/full`` (default) survives a power loss, ``SluiceSQLite/SynchronousMode/normal``
    /// a crash of the process.
    public var synchronous: SynchronousMode = .full
    /// How long one search may take before it is stopped with a `503` (FTS5). Default 2 seconds.
    public var searchTimeout: Duration = .seconds(2)

    /// The defaults.
    public init() {}

    /// How the FTS5 engine opens the index.
    var fts5Configuration: SearchIndex.Configuration {
        var configuration = SearchIndex.Configuration()
        configuration.shards = shards
        configuration.queryBudget = searchTimeout
        configuration.synchronous = synchronous
        return configuration
    }

    /// How the segment engine opens the index.
    var segmentConfiguration: SegmentIndex.Configuration {
        var configuration = SegmentIndex.Configuration()
        configuration.shards = shards
        configuration.searchTimeout = searchTimeout
        configuration.synchronous = SegmentIndex.Synchronous(synchronous)
        return configuration
    }

    /// Where `engine` keeps the index, resolved against a data directory.
    public func resolvedPath(dataDirectory: String, engine: SearchIndexEngine) -> String {
        if let path { return path }
        switch engine {
        case .fts5: return "\(dataDirectory)/index.sqlite"
        case .segment: return "\(dataDirectory)/index"
        }
    }

    /// The engine of `config`: `index_engine` when set, else the one its `search_index` sinks name (they must
    /// agree: the runtime keeps one embedded index), else the segment engine, unless `index_path` names an existing
    /// FTS5 file, which keeps its engine. (An FTS5 index at the default place is rebuilt by the segment engine.)
    /// - Throws: ``SluiceRuntime/ConfigError``-like `OperationsError` when sinks name different engines.
    public func engine(for config: SluiceConfig) throws -> SearchIndexEngine {
        let named = Set(config.pipelines.compactMap { $0.sink.settings(as: SearchIndexSinkConfig.self)?.engine })
        if let engine {
            if let other = named.first(where: { $0 != engine }) {
                throw OperationsError(.badRequest, "a search_index sink has engine: \(other.rawValue), but index_engine is \(engine.rawValue)")
            }
            return engine
        }
        guard named.count <= 1 else {
            throw OperationsError(
                .badRequest,
                "search_index sinks name different engines (\(named.map(\.rawValue).sorted())); the runtime keeps one embedded index"
            )
        }
        if let engine = named.first { return engine }
        if let path, FTS5Detection.isSQLiteFile(path) { return .fts5 }
        return .segment
    }

    /// Refuses `search_index` sinks that write one index with different fields or weights: each start would rebuild
    /// the index for whichever sink opened it last.
    /// - Throws: `OperationsError` naming the index and the two pipelines.
    public static func checkIndexDefinitions(of config: SluiceConfig) throws {
        var first: [String: (pipeline: String, fields: [SearchIndexSinkConfig.Field])] = [:]
        for pipeline in config.pipelines {
            guard let sink = pipeline.sink.settings(as: SearchIndexSinkConfig.self) else { continue }
            guard let earlier = first[sink.index] else {
                first[sink.index] = (pipeline.name, sink.fields)
                continue
            }
            if earlier.fields != sink.fields {
                throw OperationsError(
                    .badRequest,
                    "pipelines \(earlier.pipeline) and \(pipeline.name) write search index '\(sink.index)' with different fields or weights; give them the same fields, or different indexes"
                )
            }
        }
    }
}

extension ConfigSection {
    /// `index_engine`, `index_path`, `index_shards`, `index_synchronous` and `search_timeout`.
    public static let searchIndex = ConfigSection(
        SearchIndexSettings.self,
        keys: ["index_engine", "index_path", "index_shards", "index_synchronous", "search_timeout"]
    ) { keys, reader, _ in
        var settings = SearchIndexSettings()
        if let field = keys["index_engine"] { settings.engine = SearchIndexEngine.decode(field, reader: reader) }
        if let field = keys["index_path"] { settings.path = reader.nonEmptyString(field) }
        if let field = keys["index_shards"], let shards = reader.integer(field) {
            if shards > SearchIndex.maximumShards {
                reader.report(field, "expected 1 to \(SearchIndex.maximumShards) shards, got \(shards)")
            } else {
                settings.shards = shards
            }
        }
        if let field = keys["index_synchronous"], let mode = reader.choice(field, as: SynchronousMode.self) { settings.synchronous = mode }
        if let field = keys["search_timeout"], let timeout = reader.duration(field) {
            if timeout > .zero { settings.searchTimeout = timeout } else { reader.report(field, "expected a positive duration such as 2s") }
        }
        return settings
    }
}

extension SearchIndexEngine {
    /// `fts5` or `segment`.
    static func decode(_ field: ConfigField, reader: ConfigReader) -> Self? {
        guard let text = reader.nonEmptyString(field) else { return nil }
        guard let engine = Self(rawValue: text) else {
            reader.report(field, "expected one of \(allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
            return nil
        }
        return engine
    }
}

extension SegmentIndex.Synchronous {
    /// The segment engine's counterpart of an SQLite synchronous mode: `full` syncs each write's log record, `normal`
    /// only writes it.
    public init(_ mode: SynchronousMode) {
        switch mode {
        case .full: self = .full
        case .normal: self = .normal
        }
    }
}
