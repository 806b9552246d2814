/// The body of a `POST /dlq/replay` answer: how many dead letters went back to their pipeline.
public struct ReplayResult: Sendable, Codable, Equatable {
    public var replayed: Int

    public init(replayed: Int) {
        self.replayed = replayed
    }
}
