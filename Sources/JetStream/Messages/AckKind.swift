import NIOCore

/// An acknowledgement a consumer sends to a message's reply subject.
@usableFromInline
enum AckKind: Sendable, Hashable {
    /// Processed: do not deliver again (`+ACK`).
    case ack
    /// Not processed: deliver again, after `delay` when given (`-NAK`, `-NAK {"delay":ns}`).
    case nak(delay: Duration?)
    /// Still working on it: restart the ack wait (`+WPI`).
    case inProgress
    /// Never deliver again, with an optional reason for the advisory (`+TERM`, `+TERM reason`).
    case term(reason: String?)

    /// The bytes sent as the payload.
    var payload: String {
        switch self {
        case .ack:
            return "+ACK"
        case .nak(let delay):
            guard let delay, delay > .zero else { return "-NAK" }
            return "-NAK {\"delay\":\(delay.nanoseconds)}"
        case .inProgress:
            return "+WPI"
        case .term(let reason):
            guard let reason, !reason.isEmpty else { return "+TERM" }
            return "+TERM \(reason)"
        }
    }

    /// The payload as bytes; the common ones are allocated once.
    var buffer: ByteBuffer {
        switch self {
        case .ack: Self.ackBuffer
        case .inProgress: Self.inProgressBuffer
        case .nak(nil): Self.nakBuffer
        default: ByteBuffer(string: payload)
        }
    }

    @usableFromInline static let ackBuffer = ByteBuffer(string: "+ACK")
    private static let inProgressBuffer = ByteBuffer(string: "+WPI")
    private static let nakBuffer = ByteBuffer(string: "-NAK")

    /// Whether this ends the message's delivery (so a second acknowledgement is a mistake).
    var isFinal: Bool {
        switch self {
        case .ack, .nak, .term: true
        case .inProgress: false
        }
    }
}
