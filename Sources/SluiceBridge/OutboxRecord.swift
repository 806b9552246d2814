import SluiceCore

/// One unpublished row of the outbox table, claimed by a relay.
public struct OutboxRecord: Sendable {
    /// The row's `id`; also the envelope's `version`.
    public var id: Int64
    /// The event, as the relay publishes it.
    public var envelope: Envelope
    /// Failed publishes so far.
    public var attempts: Int

    /// Creates a record.
    public init(id: Int64, envelope: Envelope, attempts: Int) {
        self.id = id
        self.envelope = envelope
        self.attempts = attempts
    }
}
