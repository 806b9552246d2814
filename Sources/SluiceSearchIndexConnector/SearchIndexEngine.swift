/// Which engine keeps the embedded search index: `index_engine` at the top level, or `engine` in a
/// `search_index` sink.
public enum SearchIndexEngine: String, Sendable, Hashable, CaseIterable {
    /// SQLite FTS5 files (`index_path` is a file, `index_shards` files side by side).
    case fts5
    /// The segment engine (`SluiceIndex`): `index_path` is a directory, one subdirectory per index, each spread
    /// over `index_shards` writers.
    case segment
}
