import NIOCore

/// One operation received from the server.
enum ServerOp: Sendable {
    case info(NATSServerInfo)
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
