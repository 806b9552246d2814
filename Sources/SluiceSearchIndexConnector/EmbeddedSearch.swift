import SluiceRuntime

/// Answers `GET /search` from the embedded index, whichever engine keeps it.
struct EmbeddedSearch: SearchProvider {
    let index: any EmbeddedIndex

    func search(_ query: SearchQuery) async throws(OperationsError) -> SearchResponse {
        try await index.search(query)
    }

    func documentCount(index: String) async throws -> Int {
        try await self.index.count(index: index)
    }
}

extension SearchConnector {
    /// Search in the embedded index, opened when the runtime starts (whether or not a pipeline writes to it).
    public static let embedded = SearchConnector { context in
        EmbeddedSearch(index: try await OpenSearchIndex.shared(context).index)
    }
}
