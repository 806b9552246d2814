import SluiceCore

/// A search: which indices, which documents, in which order, from where, how many.
///
/// Paging through an index in a stable order uses a sort that ends in a unique field and ``searchAfter``:
///
/// ```swift
/// var request = SearchRequest(index: "assets", sort: [.init("updated_at"), .init("_id")], size: 500)
/// while true {
///     let page = try await client.search(request)
///     …
///     guard let last = page.hits.last, page.hits.count == request.size else { break }
///     request.searchAfter = last.sort
/// }
/// ```
///
/// With a ``pointInTime`` the search sees the index as it was when the point in time was opened, and the indices
/// are not named (they belong to the point in time).
public struct SearchRequest: Sendable, Hashable {
    /// The indices (names, aliases or patterns such as `logs-*`) searched. Ignored with a ``pointInTime``.
    public var indices: [String]
    /// The query, such as `{"range": {"updated_at": {"gte": "now-1h"}}}`. Defaults to `nil`: every document.
    public var query: JSONValue?
    /// The sort, most significant first. Defaults to empty: by score.
    public var sort: [SortField]
    /// How many hits at most. Defaults to 10.
    public var size: Int
    /// The ``ElasticsearchHit/sort`` values of the last hit of the previous page; the search starts after it.
    public var searchAfter: [JSONValue]?
    /// The point in time to search in, if any.
    public var pointInTime: PointInTime?
    /// Which parts of `_source` to return: `false`, a list of fields, or `{"includes": …, "excludes": …}`.
    /// Defaults to `nil`: the whole source.
    public var source: JSONValue?
    /// Whether hits carry `_version`. Defaults to `true`.
    public var version: Bool = true
    /// Whether hits carry `_seq_no` and `_primary_term`. Defaults to `true`.
    public var seqNoPrimaryTerm: Bool = true
    /// Whether the total number of hits is counted exactly (`true`), up to the server's default (`nil`), or not
    /// at all (`false`, cheapest). Defaults to `false`: paging needs no total.
    public var trackTotalHits: Bool? = false

    /// Creates a search of one index.
    public init(index: String, query: JSONValue? = nil, sort: [SortField] = [], size: Int = 10, searchAfter: [JSONValue]? = nil) {
        self.init(indices: [index], query: query, sort: sort, size: size, searchAfter: searchAfter)
    }

    /// Creates a search of several indices (or of a point in time, with `indices` empty).
    public init(
        indices: [String],
        query: JSONValue? = nil,
        sort: [SortField] = [],
        size: Int = 10,
        searchAfter: [JSONValue]? = nil,
        pointInTime: PointInTime? = nil
    ) {
        self.indices = indices
        self.query = query
        self.sort = sort
        self.size = size
        self.searchAfter = searchAfter
        self.pointInTime = pointInTime
    }

    /// The request body.
    var body: JSONValue {
        var body = JSONObject()
        body["size"] = .int(Int64(size))
        if let query { body["query"] = query }
        if !sort.isEmpty { body["sort"] = .array(sort.map(\.json)) }
        if let searchAfter { body["search_after"] = .array(searchAfter) }
        if let pointInTime {
            body["pit"] = ["id": .string(pointInTime.id), "keep_alive": .string(pointInTime.keepAliveText)]
        }
        if let source { body["_source"] = source }
        if version { body["version"] = true }
        if seqNoPrimaryTerm { body["seq_no_primary_term"] = true }
        if let trackTotalHits { body["track_total_hits"] = .bool(trackTotalHits) }
        return .object(body)
    }
}

/// One key of a search's sort.
public struct SortField: Sendable, Hashable {
    /// Ascending or descending.
    public enum Order: String, Sendable, Hashable {
        /// Smallest first.
        case ascending = "asc"
        /// Largest first.
        case descending = "desc"
    }

    /// The field, such as `updated_at`, `_id` or `_shard_doc` (the cheapest tiebreaker with a point in time).
    public var field: String
    /// The order. Defaults to ascending.
    public var order: Order
    /// Where documents without the field go: `_first`, `_last` or a value. Defaults to `nil`: the server's default
    /// (`_last`).
    public var missing: JSONValue?
    /// The type assumed in indices that do not map the field (such as `date`), so a search over several indices
    /// does not fail. Defaults to `nil`.
    public var unmappedType: String?

    /// Creates a sort key.
    public init(_ field: String, _ order: Order = .ascending, missing: JSONValue? = nil, unmappedType: String? = nil) {
        self.field = field
        self.order = order
        self.missing = missing
        self.unmappedType = unmappedType
    }

    var json: JSONValue {
        var options = JSONObject()
        options["order"] = .string(order.rawValue)
        if let missing { options["missing"] = missing }
        if let unmappedType { options["unmapped_type"] = .string(unmappedType) }
        return .object(JSONObject([(field, .object(options))]))
    }
}
