import SluiceCore

/// What a consumer's handler is given: the event, the subject it came on, and how often it was delivered.
public struct BridgeMessage: Sendable {
    /// The event.
    public var event: Envelope
    /// The subject it was published to.
    public var subject: String
    /// Deliveries so far, this one included (1 the first time).
    public var deliveries: Int
    /// Its sequence number in the stream.
    public var streamSequence: UInt64

    /// Creates a message.
    public init(event: Envelope, subject: String, deliveries: Int, streamSequence: UInt64) {
        self.event = event
        self.subject = subject
        self.deliveries = deliveries
        self.streamSequence = streamSequence
    }
}
