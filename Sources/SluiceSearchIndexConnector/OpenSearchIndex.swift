import SluiceIndex
import SluiceRuntime
import SluiceSQLite

/// The runtime's one embedded search index, shared by the search-index sinks and `GET /search`, closed with the
/// runtime.
struct OpenSearchIndex: SharedResource {
    let index: any EmbeddedIndex

    func close() async { await index.close() }

    /// The index of the configuration, opened by the first connector that asks, with the engine
    /// ``SearchIndexSettings/engine(for:)`` chooses.
    static func shared(_ context: ConnectorContext) async throws -> OpenSearchIndex {
        let settings = context.config.section(SearchIndexSettings.self)
        let engine = try settings.engine(for: context.config)
        try SearchIndexSettings.checkIndexDefinitions(of: context.config)
        let path = settings.resolvedPath(dataDirectory: context.config.dataDirectory, engine: engine)
        return try await context.resources.resource("search_index") {
            switch engine {
            case .fts5:
                return OpenSearchIndex(
                    index: FTS5EmbeddedIndex(index: try await SearchIndex.open(path: path, configuration: settings.fts5Configuration))
                )
            case .segment:
                let previous = settings.path == nil ? settings.resolvedPath(dataDirectory: context.config.dataDirectory, engine: .fts5) : nil
                let index = try await SegmentEmbeddedIndex.open(
                    root: path,
                    previous: previous,
                    configuration: settings.segmentConfiguration,
                    logger: context.logger
                )
                return OpenSearchIndex(index: index)
            }
        }
    }
}
