import NIOCore

/// A request for messages from a pull consumer, published to `$JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>`
/// with the subscriber's inbox as the reply subject.
@usableFromInline
struct PullRequest: Sendable, Hashable {
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

    /// The request as JSON, written field by field: one goes out per fetch or pull, where Foundation's encoder cost
    /// tens of microseconds each. Zero and absent values are left out, as the server's defaults.
    var body: ByteBuffer {
        var json = "{\"batch\":\(batch)"
        if let maxBytes, maxBytes > 0 { json += ",\"max_bytes\":\(maxBytes)" }
        if let expires, expires != .zero { json += ",\"expires\":\(expires.nanoseconds)" }
        if noWait { json += ",\"no_wait\":true" }
        if let idleHeartbeat, idleHeartbeat != .zero { json += ",\"idle_heartbeat\":\(idleHeartbeat.nanoseconds)" }
        json += "}"
        return ByteBuffer(string: json)
    }
}
