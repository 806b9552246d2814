/// The body of a `DELETE /dlq` answer: how many dead letters were deleted.
public struct PurgeResult: Sendable, Codable, Equatable {
    public var purged: Int

    public init(purged: Int) {
        self.purged = purged
    }
}
