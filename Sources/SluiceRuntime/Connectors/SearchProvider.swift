/// Answers `GET /search`: full-text search in the indexes a search connector keeps.
public protocol SearchProvider: Sendable {
    /// One page of hits.
    func search(_ query: SearchQuery) async throws(OperationsError) -> SearchResponse
    /// How many documents an index holds (for banners and tests).
    func documentCount(index: String) async throws -> Int
}

/// A search connector: opened when the runtime starts, before the pipelines, whatever they are.
public struct SearchConnector: Sendable {
    let open: @Sendable (ConnectorContext) async throws -> any SearchProvider

    /// Describes a search connector by how it opens.
    public init(open: @escaping @Sendable (ConnectorContext) async throws -> any SearchProvider) {
        self.open = open
    }
}
