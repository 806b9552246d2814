/// Names of the headers the bridge puts on dead letters (the same names the runtime's DLQ uses).
public enum BridgeHeader {
    /// Why the message is in the DLQ: the handler's error, or what was wrong with the message.
    public static let error = "Sluice-Error"
    /// Which rule sent it there: `max_deliver`, `permanent` or `malformed`.
    public static let reason = "Sluice-DLQ-Reason"
    /// The subject the message was delivered on.
    public static let originalSubject = "Sluice-Original-Subject"
    /// How many deliveries were tried.
    public static let deliveries = "Sluice-Deliveries"
    /// The durable consumer that gave up on it.
    public static let consumer = "Sluice-Consumer"
    /// When it was dead-lettered (RFC 3339).
    public static let failedAt = "Sluice-Failed-At"
}
