import SluiceRuntime
import SluiceSQLite

/// Answers `GET /search` from the embedded index.
public struct EmbeddedSearch: SearchProvider {
    /// The index.
    public let index: SearchIndex

    public func search(_ query: SearchQuery) async throws(OperationsError) -> SearchResponse {
        do {
            let results = try await index.search(index: query.index, query: query.query, limit: query.limit, offset: query.offset)
            return SearchResponse(
                index: query.index,
                total: results.total,
                hits: results.hits.map {
                    SearchResponse.Hit(
                        id: $0.id,
                        score: $0.score,
                        version: $0.version,
                        document: String(decoding: $0.document.serialized(), as: UTF8.self)
                    )
                }
            )
        } catch let error as SluiceSQLiteError where error.code == .indexNotFound {
            throw OperationsError(.notFound, error.message)
        } catch let error as SluiceSQLiteError where error.code == .invalidQuery || error.code == .invalidArgument {
            throw OperationsError(.badRequest, error.message)
        } catch let error as SluiceSQLiteError where error.code == .timedOut {
            throw OperationsError(.unavailable, error.message)
        } catch {
            throw OperationsError(.internal, "\(error)")
        }
    }

    public func documentCount(index: String) async throws -> Int {
        try await self.index.count(index: index)
    }
}

extension SearchConnector {
    /// Search in the embedded index, opened when the runtime starts (whether or not a pipeline writes to it).
    public static let embedded = SearchConnector { context in
        EmbeddedSearch(index: try await OpenSearchIndex.shared(context).index)
    }
}
