import SluiceCore

extension ElasticsearchClient {
    /// Reads one document by id: `GET /{index}/_doc/{id}` (real-time, no refresh needed).
    ///
    /// - Returns: The document, or `nil` when it does not exist (or was deleted). A missing index is an error
    ///   (`index_not_found_exception`).
    public func document(index: String, id: String) async throws -> Document? {
        var request = ElasticsearchRequest(.GET, "/\(PathEncoding.encode(index))/_doc/\(PathEncoding.encode(id))")
        request.acceptedStatuses = [404]
        let response = try await transport.send(request)
        let json = try response.json(for: request)
        if response.status == 404 {
            // A missing document is `{"found": false}`; a missing index is an error object.
            guard json["error"] == nil else { throw ElasticsearchTransport.serverError(response, request: request) }
            return nil
        }
        guard json["found"]?.boolValue == true else { return nil }
        return Document(
            index: json["_index"]?.stringValue ?? index,
            id: json["_id"]?.stringValue ?? id,
            version: json["_version"]?.intValue,
            seqNo: json["_seq_no"]?.intValue,
            primaryTerm: json["_primary_term"]?.intValue,
            source: json["_source"]
        )
    }
}
