import JetStream
import SluiceCore

/// An event the stream stored: its envelope, its subject and the stream's acknowledgement.
public struct PublishedEvent: Sendable {
    /// The event as sent.
    public var envelope: Envelope
    /// The subject it was published to.
    public var subject: String
    /// The stream's acknowledgement; ``JetStream/PubAck/duplicate`` is set when the stream already held this event id.
    public var ack: PubAck
}
