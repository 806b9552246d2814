import FoundationEssentials
import SQLiteNIO

/// A message a consumer gave up on: terminated, or not acknowledged within its maximum deliveries.
public struct QueueDeadLetter: Sendable, Hashable {
    /// The dead letter's own id, for replaying or purging it.
    public var id: Int64
    /// The consumer that gave up on it.
    public var consumer: String
    /// The original message's sequence.
    public var sequence: Int64
    /// The subject it was published to.
    public var subject: String
    /// The body.
    public var payload: ByteBuffer
    /// The headers it was published with.
    public var headers: [String: String]
    /// The deduplication id it was published with.
    public var messageID: String?
    /// When it was published.
    public var publishedAt: Date
    /// How many times it was delivered to the consumer.
    public var deliveryCount: Int
    /// Why it is here: the term reason, or that max deliver was reached with the last nak reason.
    public var reason: String
    /// When it was moved here.
    public var failedAt: Date
}

/// Which dead letters an operation applies to.
public enum DeadLetterSelection: Sendable, Hashable {
    /// Every dead letter.
    case all
    /// Those of one consumer.
    case consumer(String)
    /// Those of every consumer whose name ends with this text.
    case consumerSuffix(String)
    /// These ids.
    case ids([Int64])
}

/// How far a consumer is behind.
public struct QueueConsumerLag: Sendable, Hashable {
    /// Messages it has not been delivered yet (JetStream's `num_pending`).
    public var pending: Int
    /// Messages delivered and not yet settled, leased or waiting for redelivery (JetStream's `num_ack_pending`).
    public var ackPending: Int
    /// Its dead letters.
    public var deadLetters: Int

    /// Creates a lag report.
    public init(pending: Int, ackPending: Int, deadLetters: Int) {
        self.pending = pending
        self.ackPending = ackPending
        self.deadLetters = deadLetters
    }

    /// Messages it still has to process: ``pending`` plus ``ackPending``.
    public var total: Int { pending + ackPending }
}
