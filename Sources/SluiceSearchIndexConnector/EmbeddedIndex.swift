import SluiceCore
import SluiceRuntime

/// What the search-index sink and `GET /search` need from the engine behind the embedded index.
protocol EmbeddedIndex: Sendable {
    /// Creates the index `name` with these searchable fields, or brings an existing one in line.
    func ensureIndex(name: String, fields: [SearchIndexSinkConfig.Field]) async throws
    /// Writes a batch of envelopes to index `name`: one result per envelope, newest version wins.
    func apply(_ envelopes: [Envelope], to name: String) async throws -> [SinkResult]
    /// One page of hits.
    func search(_ query: SearchQuery) async throws(OperationsError) -> SearchResponse
    /// How many documents index `name` holds.
    func count(index name: String) async throws -> Int
    /// Closes the files.
    func close() async
}
