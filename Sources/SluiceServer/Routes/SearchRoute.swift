import Hummingbird
import SluiceRuntime

/// `GET /search?index=&q=&limit=&offset=`: full-text search in an embedded index, best hits first.
///
/// `index` and `q` are required (`400` without them); `limit` defaults to
/// ``SluiceHTTPServerConfiguration/defaultSearchLimit`` and is lowered to
/// ``SluiceHTTPServerConfiguration/maxPageSize``; `offset` defaults to `0`, and one above
/// ``SluiceHTTPServerConfiguration/maxSearchOffset`` is a `400` that names both caps.
struct SearchRoute: Sendable {
    let operations: any SluiceOperations
    let defaultLimit: Int
    let maxLimit: Int
    let maxOffset: Int

    func add<Context: RequestContext>(to router: some RouterMethods<Context>) {
        router.get("search") { request, _ in
            let query = QueryParameters(request: request)
            let search = SearchQuery(
                index: try query.required("index"),
                query: try query.required("q"),
                limit: try query.integer("limit", default: defaultLimit, minimum: 1, maximum: maxLimit),
                offset: try query.integer(
                    "offset",
                    default: 0,
                    in: 0...maxOffset,
                    note: "pages reach \(maxOffset) hits deep at most, \(maxLimit) hits per page; narrow the query to see further"
                )
            )
            return try JSONResponse.make(try await operations.search(search))
        }
    }
}
