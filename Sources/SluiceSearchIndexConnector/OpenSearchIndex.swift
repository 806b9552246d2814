import SluiceRuntime
import SluiceSQLite

/// The runtime's one embedded search index, shared by the search-index sinks and `GET /search`, closed with the
/// runtime.
struct OpenSearchIndex: SharedResource {
    let index: SearchIndex

    func close() async { try? await index.close() }

    /// The index of the configuration, opened by the first connector that asks.
    static func shared(_ context: ConnectorContext) async throws -> OpenSearchIndex {
        let settings = context.config.section(SearchIndexSettings.self)
        let path = settings.resolvedPath(dataDirectory: context.config.dataDirectory)
        return try await context.resources.resource("search_index") {
            var configuration = SearchIndex.Configuration()
            configuration.shards = settings.shards
            configuration.queryBudget = settings.searchTimeout
            return OpenSearchIndex(index: try await SearchIndex.open(path: path, configuration: configuration))
        }
    }
}
