public import SluiceRuntime

/// The body of `GET /dlq`: dead letters, newest first.
public struct DeadLetterList: Sendable, Codable, Equatable {
    /// How many dead letters this page holds.
    public var count: Int
    public var deadLetters: [DeadLetter]

    public init(deadLetters: [DeadLetter]) {
        self.count = deadLetters.count
        self.deadLetters = deadLetters
    }

    enum CodingKeys: String, CodingKey {
        case count
        case deadLetters = "dead_letters"
    }
}
