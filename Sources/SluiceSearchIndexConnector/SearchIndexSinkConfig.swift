import SluiceRuntime

/// The embedded search index sink.
public struct SearchIndexSinkConfig: SinkSettings {
    public static let sinkType = "search_index"

    /// One searchable field and its weight.
    public struct Field: Sendable, Hashable {
        /// The path in the payload.
        public var path: String
        /// Relative weight. Default 1.
        public var weight: Double = 1
        /// Creates a field.
        public init(path: String, weight: Double = 1) {
            self.path = path
            self.weight = weight
        }
    }
    /// The index name.
    public var index: String
    /// The searchable fields.
    public var fields: [Field]
    /// The engine this sink asks for (`engine:`); `nil` leaves it to `index_engine`.
    public var engine: SearchIndexEngine?

    /// `GET /search` finds these records under the index name.
    public var searchIndex: String? { index }

    /// Creates settings.
    public init(index: String, fields: [Field], engine: SearchIndexEngine? = nil) {
        self.index = index
        self.fields = fields
        self.engine = engine
    }
}
