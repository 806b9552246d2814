/// A request for messages from a pull consumer, published to `$JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>`
/// with the subscriber's inbox as the reply subject.
@usableFromInline
struct PullRequest: Sendable, Hashable, Encodable {
    /// The most messages to deliver (`batch`).
    var batch: Int
    /// The most bytes to deliver (`max_bytes`).
    var maxBytes: Int?
    /// How long the server keeps the request open (`expires`); `nil` keeps it until satisfied.
    var expires: Duration?
    /// Answer at once with 404 when there is nothing (`no_wait`).
    var noWait: Bool = false
    /// How often the server sends a heartbeat while the request is open (`idle_heartbeat`); at most half
    /// of `expires`.
    var idleHeartbeat: Duration?

    enum CodingKeys: String, CodingKey {
        case batch
        case maxBytes = "max_bytes"
        case expires
        case noWait = "no_wait"
        case idleHeartbeat = "idle_heartbeat"
    }

    @usableFromInline
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(batch, forKey: .batch)
        if let maxBytes, maxBytes > 0 { try c.encode(maxBytes, forKey: .maxBytes) }
        try c.encodeNanosecondsIfSet(expires, forKey: .expires)
        try c.encodeIfTrue(noWait, forKey: .noWait)
        try c.encodeNanosecondsIfSet(idleHeartbeat, forKey: .idleHeartbeat)
    }
}
