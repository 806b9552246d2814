import SQLiteNIO

/// A message to publish to the embedded queue.
public struct QueueOutgoingMessage: Sendable, Hashable {
    /// The subject, without wildcards (`dev.data.sync.app.index.assets.updated`).
    public var subject: String
    /// The body.
    public var payload: ByteBuffer
    /// Header names and values. Names may not contain `:`, and neither may contain a line break.
    public var headers: [String: String]
    /// The deduplication id (JetStream's `Nats-Msg-Id`): a second publish with the same id within the
    /// queue's duplicate window is not stored again. `nil` turns deduplication off for this message.
    public var messageID: String?

    /// Creates a message.
    public init(subject: String, payload: ByteBuffer, headers: [String: String] = [:], messageID: String? = nil) {
        self.subject = subject
        self.payload = payload
        self.headers = headers
        self.messageID = messageID
    }
}

/// The queue's answer to a publish, like JetStream's `PubAck`.
public struct QueuePublishAck: Sendable, Hashable {
    /// The sequence the message is stored under; for a duplicate, the sequence of the message it duplicates.
    public var sequence: Int64
    /// `true` when the message id was seen within the duplicate window and nothing was stored.
    public var duplicate: Bool

    /// Creates an acknowledgement.
    public init(sequence: Int64, duplicate: Bool) {
        self.sequence = sequence
        self.duplicate = duplicate
    }
}
