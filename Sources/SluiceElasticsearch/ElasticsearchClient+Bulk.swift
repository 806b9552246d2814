import SluiceCore

extension ElasticsearchClient {
    /// When the documents written by a request become visible to search.
    public enum Refresh: String, Sendable, Hashable {
        /// Whenever the index refreshes next (every second by default). Fastest.
        case none = "false"
        /// Refresh the affected shards now, before answering. Costly; for tests and small writes.
        case immediate = "true"
        /// Answer once a scheduled refresh made the writes visible.
        case waitFor = "wait_for"
    }

    /// Sends a bulk request: `POST /_bulk` with the NDJSON body.
    ///
    /// The request as a whole is retried under the retry policy (429, 502–504, no connection); item failures are
    /// not: they come back in ``BulkResponse/items`` with an ``BulkItem/outcome`` each, for the caller to ack, retry
    /// or dead-letter one by one.
    ///
    /// - Throws: ``ElasticsearchError`` when the request as a whole failed (for instance 413 for a body over the
    ///   server's `http.max_content_length`: send smaller batches), or when the answer does not have one item per
    ///   action.
    public func bulk(_ bulk: BulkRequest, refresh: Refresh = .none) async throws -> BulkResponse {
        guard !bulk.isEmpty else { return BulkResponse(items: [], hasErrors: false) }
        var request = ElasticsearchRequest(.POST, "/_bulk", body: bulk.body)
        request.contentType = "application/x-ndjson"
        if refresh != .none { request.query = [("refresh", refresh.rawValue)] }
        let json = try await sendJSON(request)
        let response: BulkResponse
        do {
            response = try BulkResponse(json: json)
        } catch var error as ElasticsearchError {
            error.method = "POST"
            error.path = request.target
            throw error
        }
        guard response.items.count == bulk.count else {
            throw ElasticsearchError(
                .malformedResponse,
                "the bulk answer has \(response.items.count) items for \(bulk.count) actions",
                method: "POST",
                path: request.target
            )
        }
        return response
    }
}
