/// An acknowledgement a consumer sends to a message's reply subject.
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

    /// Whether this ends the message's delivery (so a second acknowledgement is a mistake).
    var isFinal: Bool {
        switch self {
        case .ack, .nak, .term: true
        case .inProgress: false
        }
    }
}
