import NIOCore

/// One operation received from the server.
enum ServerOp: Sendable {
    /// Boxed: `INFO` is rare and large, and unboxed it would make every `MSG` as large to copy.
    indirect case info(NATSServerInfo)
    case message(InboundMessage)
    case ping
    case pong
    case ok
    case error(String)
}

/// A `MSG` or `HMSG` with the subscription id it was delivered for.
struct InboundMessage: Sendable {
    var sid: UInt64
    var message: NATSMessage
}
