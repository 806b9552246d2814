import SluiceCore

/// The answer to a ``SearchRequest``.
public struct ElasticsearchSearchResponse: Sendable, Hashable {
    /// The hits, in the requested order.
    public var hits: [ElasticsearchHit]
    /// The total number of matches, when the request counted them (see ``SearchRequest/trackTotalHits``).
    public var total: Int?
    /// Whether ``total`` is exact (`eq`) or a lower bound (`gte`).
    public var totalIsExact: Bool
    /// The point-in-time id to use for the next page; the server may hand out a new one with each answer.
    public var pointInTimeID: String?
    /// The server's time for the search, in milliseconds.
    public var took: Int

    /// Creates a response.
    public init(hits: [ElasticsearchHit], total: Int? = nil, totalIsExact: Bool = true, pointInTimeID: String? = nil, took: Int = 0) {
        self.hits = hits
        self.total = total
        self.totalIsExact = totalIsExact
        self.pointInTimeID = pointInTimeID
        self.took = took
    }

    /// Reads a search answer.
    init(json: JSONValue) throws {
        guard let hits = json["hits"]?["hits"]?.arrayValue else {
            throw ElasticsearchError(.malformedResponse, "the search answer has no hits.hits")
        }
        self.hits = try hits.map(ElasticsearchHit.init(json:))
        switch json["hits"]?["total"] {
        case .int(let value):
            total = Int(value)
            totalIsExact = true
        case .object(let object):
            total = object["value"]?.intValue.map(Int.init)
            totalIsExact = object["relation"]?.stringValue != "gte"
        default:
            total = nil
            totalIsExact = false
        }
        pointInTimeID = json["pit_id"]?.stringValue
        took = json["took"]?.intValue.map(Int.init) ?? 0
    }
}

/// One hit of a search.
public struct ElasticsearchHit: Sendable, Hashable {
    /// `_index`: the index holding the document.
    public var index: String
    /// `_id`.
    public var id: String
    /// `_version`, when requested.
    public var version: Int64?
    /// `_seq_no`, when requested.
    public var seqNo: Int64?
    /// `_primary_term`, when requested.
    public var primaryTerm: Int64?
    /// `_source`, unless filtered out.
    public var source: JSONValue?
    /// The hit's sort values, to pass as ``SearchRequest/searchAfter`` for the next page. Dates come back as
    /// epoch milliseconds.
    public var sort: [JSONValue]

    /// Creates a hit.
    public init(
        index: String,
        id: String,
        version: Int64? = nil,
        seqNo: Int64? = nil,
        primaryTerm: Int64? = nil,
        source: JSONValue? = nil,
        sort: [JSONValue] = []
    ) {
        self.index = index
        self.id = id
        self.version = version
        self.seqNo = seqNo
        self.primaryTerm = primaryTerm
        self.source = source
        self.sort = sort
    }

    init(json: JSONValue) throws {
        guard let index = json["_index"]?.stringValue, let id = json["_id"]?.stringValue else {
            throw ElasticsearchError(.malformedResponse, "a search hit has no _index or _id")
        }
        self.init(
            index: index,
            id: id,
            version: json["_version"]?.intValue,
            seqNo: json["_seq_no"]?.intValue,
            primaryTerm: json["_primary_term"]?.intValue,
            source: json["_source"],
            sort: json["sort"]?.arrayValue ?? []
        )
    }
}
