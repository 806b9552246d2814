/// Checks one search of a query-path target: it answers with a page of at most `limit` hits and a total no smaller
/// than the page, or is refused with an error `isExpected` accepts; otherwise the run stops with the query.
public func requireSearchAnswer(
    _ query: String,
    limit: Int,
    isExpected: @escaping @Sendable (any Error) -> Bool,
    _ search: @escaping @Sendable () async throws -> (hits: Int, total: Int)
) {
    let outcome = blocking { () -> String? in
        do {
            let page = try await search()
            return page.hits <= limit && page.total >= page.hits ? nil : "a page of \(page.hits) of \(page.total)"
        } catch {
            return isExpected(error) ? nil : "refused with \(error)"
        }
    }
    require(outcome == nil, "query \(query.debugDescription): \(outcome ?? "")")
}
