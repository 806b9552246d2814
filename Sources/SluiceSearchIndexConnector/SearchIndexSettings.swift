import SluiceRuntime
import SluiceSQLite

/// Where the embedded search index lives and how it answers: the top-level keys `index_path`, `index_shards` and
/// `search_timeout`.
public struct SearchIndexSettings: ConfigSectionSettings {
    /// The index file; default `<data_dir>/index.sqlite`.
    public var path: String?
    /// How many files a new index is spread over, written side by side (1 to 16; an existing index keeps its count).
    /// Default 2: one SQLite writer is one core.
    public var shards: Int = 2
    /// How long one search may take before it is stopped with a `503`. Default 2 seconds.
    public var searchTimeout: Duration = .seconds(2)

    /// The defaults.
    public init() {}

    /// The index file, resolved against a data directory.
    public func resolvedPath(dataDirectory: String) -> String { path ?? "\(dataDirectory)/index.sqlite" }
}

extension SluiceConfig {
    /// The embedded search index file, resolved against ``dataDirectory``.
    public var resolvedIndexPath: String { section(SearchIndexSettings.self).resolvedPath(dataDirectory: dataDirectory) }
}

extension ConfigSection {
    /// `index_path`, `index_shards` and `search_timeout`.
    public static let searchIndex = ConfigSection(SearchIndexSettings.self, keys: ["index_path", "index_shards", "search_timeout"]) {
        keys,
        reader,
        _ in
        var settings = SearchIndexSettings()
        if let field = keys["index_path"] { settings.path = reader.nonEmptyString(field) }
        if let field = keys["index_shards"], let shards = reader.integer(field) {
            if shards > SearchIndex.maximumShards {
                reader.report(field, "expected 1 to \(SearchIndex.maximumShards) shards, got \(shards)")
            } else {
                settings.shards = shards
            }
        }
        if let field = keys["search_timeout"], let timeout = reader.duration(field) {
            if timeout > .zero { settings.searchTimeout = timeout } else { reader.report(field, "expected a positive duration such as 2s") }
        }
        return settings
    }
}
