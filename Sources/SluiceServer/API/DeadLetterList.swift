public import SluiceRuntime

/// The body of `GET /dlq`: a page of dead letters, newest first, and the cursor of the next page.
public struct DeadLetterList: Sendable, Codable, Equatable {
    /// How many dead letters this page holds.
    public var count: Int
    public var deadLetters: [DeadLetter]
    /// The `cursor` parameter that reads the next page; `null` when this page is the last.
    public var nextCursor: String?

    public init(deadLetters: [DeadLetter], nextCursor: String? = nil) {
        self.count = deadLetters.count
        self.deadLetters = deadLetters
        self.nextCursor = nextCursor
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(count, forKey: .count)
        try container.encode(deadLetters, forKey: .deadLetters)
        // Always present, `null` on the last page, so that a client sees the field either way.
        try container.encode(nextCursor, forKey: .nextCursor)
    }

    enum CodingKeys: String, CodingKey {
        case count
        case deadLetters = "dead_letters"
        case nextCursor = "next_cursor"
    }
}
