import SluiceCore

/// A search in an embedded index (`GET /search?index=&q=&limit=&offset=`).
public struct SearchQuery: Sendable, Equatable {
    public var index: String
    public var query: String
    public var limit: Int
    public var offset: Int

    public init(index: String, query: String, limit: Int = 10, offset: Int = 0) {
        self.index = index
        self.query = query
        self.limit = limit
        self.offset = offset
    }
}
