import SluiceCore

/// A page of search results.
public struct SearchResults: Sendable, Hashable {
    /// How many documents match the query in all.
    public var total: Int
    /// The requested page, best first.
    public var hits: [SearchHit]
}

/// A document that matches a query.
public struct SearchHit: Sendable, Hashable {
    /// The document id.
    public var id: String
    /// How well it matches: the negated bm25 rank, so higher is better. Scores compare only within one query.
    public var score: Double
    /// The version it was stored at.
    public var version: Int64
    /// The stored document.
    public var document: JSONValue
}

/// A stored document.
public struct IndexedDocument: Sendable, Hashable {
    /// The document id.
    public var id: String
    /// The version it was stored at.
    public var version: Int64
    /// The document.
    public var document: JSONValue
}
