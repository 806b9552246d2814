import FoundationEssentials
import SQLiteNIO

/// A message leased to a consumer by ``SQLiteQueue/fetch(consumer:batch:visibilityTimeout:expires:)``.
///
/// Settle it once with ``SQLiteQueue/ack(_:)-(QueueReceipt)``, ``SQLiteQueue/nak(_:delay:reason:)`` or
/// ``SQLiteQueue/term(_:reason:)``; call ``SQLiteQueue/inProgress(_:)`` before that to keep the lease.
public struct QueueMessage: Sendable, Hashable {
    /// The subject it was published to.
    public var subject: String
    /// The body.
    public var payload: ByteBuffer
    /// The headers it was published with.
    public var headers: [String: String]
    /// The deduplication id it was published with.
    public var messageID: String?
    /// When it was stored.
    public var publishedAt: Date
    /// Identifies this delivery when settling it.
    public var receipt: QueueReceipt

    /// The queue's sequence for the message (JetStream's stream sequence).
    public var sequence: Int64 { receipt.sequence }
    /// 1 on the first delivery to this consumer, 2 on the first redelivery, and so on.
    public var deliveryCount: Int { receipt.deliveryCount }
}

/// Identifies one delivery of one message to one consumer.
public struct QueueReceipt: Sendable, Hashable {
    /// The consumer it was delivered to.
    public var consumer: String
    /// The message's sequence.
    public var sequence: Int64
    /// Which delivery this is. A nak, term or in-progress from an older delivery (one whose lease ran
    /// out and was delivered again) has no effect; an ack from it still settles the message.
    public var deliveryCount: Int

    /// Creates a receipt.
    public init(consumer: String, sequence: Int64, deliveryCount: Int) {
        self.consumer = consumer
        self.sequence = sequence
        self.deliveryCount = deliveryCount
    }
}
