import NIOCore
import SluiceCore

extension ElasticsearchClient {
    /// Whether the index (or alias) exists: `HEAD /{index}`.
    public func indexExists(_ index: String) async throws -> Bool {
        var request = ElasticsearchRequest(.HEAD, "/" + PathEncoding.encode(index))
        request.acceptedStatuses = [404]
        return try await transport.send(request).status == 200
    }

    /// Creates an index: `PUT /{index}` with `body` (`{"settings": …, "mappings": …}`), or no body for defaults.
    ///
    /// - Throws: ``ElasticsearchError`` with ``ElasticsearchError/type`` `resource_already_exists_exception` when it
    ///   exists; ``createIndexIfMissing(_:body:)`` treats that as success.
    public func createIndex(_ index: String, body: JSONValue? = nil) async throws {
        let path = "/" + PathEncoding.encode(index)
        let request = body.map { ElasticsearchRequest(.PUT, path, json: $0) } ?? ElasticsearchRequest(.PUT, path)
        _ = try await transport.send(request)
    }

    /// Creates an index unless it exists; returns whether this call created it. Safe when several processes race.
    @discardableResult
    public func createIndexIfMissing(_ index: String, body: JSONValue? = nil) async throws -> Bool {
        do {
            try await createIndex(index, body: body)
            return true
        } catch let error as ElasticsearchError where error.type == "resource_already_exists_exception" {
            return false
        }
    }

    /// Deletes an index: `DELETE /{index}`.
    ///
    /// - Parameter ignoreMissing: When `true`, a missing index is not an error.
    public func deleteIndex(_ index: String, ignoreMissing: Bool = false) async throws {
        var request = ElasticsearchRequest(.DELETE, "/" + PathEncoding.encode(index))
        if ignoreMissing { request.acceptedStatuses = [404] }
        _ = try await transport.send(request)
    }

    /// Makes recent writes visible to search: `POST /{index}/_refresh`, or every index when `index` is `nil`.
    public func refresh(_ index: String? = nil) async throws {
        let path = index.map { "/" + PathEncoding.encode($0, allowing: "*,") + "/_refresh" } ?? "/_refresh"
        _ = try await transport.send(ElasticsearchRequest(.POST, path))
    }

    /// Counts the documents of an index that match `query` (all when `nil`): `POST /{index}/_count`.
    public func count(_ index: String, query: JSONValue? = nil) async throws -> Int {
        let path = "/" + PathEncoding.encode(index, allowing: "*,") + "/_count"
        let request =
            query.map { ElasticsearchRequest(.POST, path, json: ["query": $0]) } ?? ElasticsearchRequest(.POST, path)
        let json = try await sendJSON(request)
        guard let count = json["count"]?.intValue else {
            throw ElasticsearchError(.malformedResponse, "the answer has no count", method: "POST", path: path)
        }
        return Int(count)
    }
}
