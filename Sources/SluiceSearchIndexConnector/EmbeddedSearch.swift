import SluiceRuntime

/// Answers `GET /search` from the embedded index, whichever engine keeps it.
///
/// The index is the one the search-index sinks write to. When a pipeline writes to it, it is opened as that
/// pipeline starts; otherwise the first search opens it, so a runtime that neither writes nor searches an index
/// creates no index files and starts no index threads.
struct EmbeddedSearch: SearchProvider {
    let context: ConnectorContext

    func search(_ query: SearchQuery) async throws(OperationsError) -> SearchResponse {
        try await index().search(query)
    }

    func documentCount(index: String) async throws -> Int {
        try await self.index().count(index: index)
    }

    private func index() async throws(OperationsError) -> any EmbeddedIndex {
        do {
            return try await OpenSearchIndex.shared(context).index
        } catch {
            throw OperationsError(.unavailable, "the search index cannot be opened: \(error)")
        }
    }
}

extension SearchConnector {
    /// Search in the embedded index, opened by the first pipeline that writes to it or the first search.
    public static let embedded = SearchConnector { context in EmbeddedSearch(context: context) }
}
