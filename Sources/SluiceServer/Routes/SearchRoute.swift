import Hummingbird
import SluiceRuntime

/// `GET /search?index=&q=&limit=&offset=`: full-text search in an embedded index, best hits first.
///
/// `index` and `q` are required (`400` without them); `limit` defaults to
/// ``SluiceHTTPServerConfiguration/defaultSearchLimit`` and is lowered to
/// ``SluiceHTTPServerConfiguration/maxPageSize``; `offset` defaults to `0`.
struct SearchRoute: Sendable {
    let operations: any SluiceOperations
    let defaultLimit: Int
    let maxLimit: Int

    func add(to router: Router<some RequestContext>) {
        router.get("search") { request, _ in
            let query = QueryParameters(request: request)
            let search = SearchQuery(
                index: try query.required("index"),
                query: try query.required("q"),
                limit: try query.integer("limit", default: defaultLimit, minimum: 1, maximum: maxLimit),
                offset: try query.integer("offset", default: 0, minimum: 0, maximum: .max)
            )
            return try JSONResponse.make(try await operations.search(search))
        }
    }
}
