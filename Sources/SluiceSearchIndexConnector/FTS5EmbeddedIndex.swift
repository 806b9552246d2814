import SluiceCore
import SluiceRuntime
import SluiceSQLite

/// The embedded index on SQLite FTS5 (``SluiceSQLite/SearchIndex``).
struct FTS5EmbeddedIndex: EmbeddedIndex {
    let index: SearchIndex

    func ensureIndex(name: String, fields: [SearchIndexSinkConfig.Field]) async throws {
        try await index.ensureIndex(SearchIndexDefinition(name: name, fields: fields.map { SearchField($0.path, weight: $0.weight) }))
    }

    func apply(_ envelopes: [Envelope], to name: String) async throws -> [SinkResult] {
        try await index.apply(envelopes, to: name).map {
            switch $0 {
            case .indexed, .deleted, .stale: .delivered
            case .rejected(let reason): .rejected("rejected by index \(name): \(reason)")
            }
        }
    }

    func search(_ query: SearchQuery) async throws(OperationsError) -> SearchResponse {
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

    func count(index name: String) async throws -> Int { try await index.count(index: name) }

    func close() async { try? await index.close() }
}
