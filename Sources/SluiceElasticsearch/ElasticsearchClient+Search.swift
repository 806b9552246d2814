import SluiceCore

extension ElasticsearchClient {
    /// Runs a search: `POST /{indices}/_search`, or `POST /_search` with the point in time in the body.
    ///
    /// - Throws: ``ElasticsearchError``; with a point in time that expired, the server's type is
    ///   `search_phase_execution_exception` with a `search_context_missing_exception` root cause.
    public func search(_ search: SearchRequest) async throws -> ElasticsearchSearchResponse {
        let path: String
        if search.pointInTime != nil {
            path = "/_search"
        } else if search.indices.isEmpty {
            throw ElasticsearchError(.invalidConfiguration, "a search needs an index or a point in time")
        } else {
            path = "/" + PathEncoding.indices(search.indices) + "/_search"
        }
        let request = ElasticsearchRequest(.POST, path, json: search.body)
        let json = try await sendJSON(request)
        do {
            return try ElasticsearchSearchResponse(json: json)
        } catch var error as ElasticsearchError {
            error.method = "POST"
            error.path = path
            throw error
        }
    }
}
