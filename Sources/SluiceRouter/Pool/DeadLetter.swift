import NIOCore

/// The headers a dead letter carries besides the message's own: why it died, the receiver's last status and
/// the start of its answer, and how many tries it had.
public enum DeadLetterHeader {
    /// Why the message was given up on.
    public static let reason = "Dead-Letter-Reason"
    /// The receiver's last HTTP status, when it answered.
    public static let status = "Dead-Letter-Status"
    /// The start (up to 512 bytes) of the receiver's last answer, on one line.
    public static let body = "Dead-Letter-Body"
    /// How many tries the message had.
    public static let attempts = "Dead-Letter-Attempts"

    /// `message` with the dead-letter headers set.
    static func mark(_ message: RouterMessage, reason: String, status: Int?, body: String?, attempts: Int) -> RouterMessage {
        var dead = message
        dead.headers[Self.reason] = oneLine(reason)
        if let status { dead.headers[Self.status] = String(status) }
        if let body, !body.isEmpty { dead.headers[Self.body] = oneLine(body) }
        dead.headers[Self.attempts] = String(attempts)
        // A message replayed and dead again is a new dead letter, not a repeat of the first.
        dead.deduplicationID = "\(message.id)/dead/\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
        return dead
    }

    /// `message` without the dead-letter headers, to deliver again: same id, but a deduplication id of its own
    /// so that queues do not drop it as a repeat of the original.
    public static func revive(_ message: RouterMessage, replay: String) -> RouterMessage {
        var alive = message
        for name in [reason, status, body, attempts] { alive.headers[name] = nil }
        alive.deduplicationID = "\(message.id)/replay/\(replay)"
        return alive
    }

    /// Header values may not hold line breaks.
    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
