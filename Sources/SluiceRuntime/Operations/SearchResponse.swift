import SluiceCore

/// Search results, best first.
public struct SearchResponse: Sendable, Codable, Equatable {
    /// One matching document.
    public struct Hit: Sendable, Codable, Equatable {
        public var id: String
        /// Relevance; higher is better.
        public var score: Double
        public var version: Int64
        /// The stored document, as JSON text.
        public var document: String

        public init(id: String, score: Double, version: Int64, document: String) {
            self.id = id
            self.score = score
            self.version = version
            self.document = document
        }
    }

    public var index: String
    public var total: Int
    public var hits: [Hit]

    public init(index: String, total: Int, hits: [Hit]) {
        self.index = index
        self.total = total
        self.hits = hits
    }
}
