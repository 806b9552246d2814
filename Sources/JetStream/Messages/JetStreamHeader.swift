/// Header names JetStream reads and writes.
public enum JetStreamHeader {
    /// The message id the stream de-duplicates on.
    public static let messageID = "Nats-Msg-Id"
    /// Store only if this is the stream that receives the message.
    public static let expectedStream = "Nats-Expected-Stream"
    /// Store only if the stream's last sequence is this.
    public static let expectedLastSequence = "Nats-Expected-Last-Sequence"
    /// Store only if the last sequence on the message's subject is this (0: no message yet).
    public static let expectedLastSubjectSequence = "Nats-Expected-Last-Subject-Sequence"
    /// Store only if the stream's last message id is this.
    public static let expectedLastMessageID = "Nats-Expected-Last-Msg-Id"
    /// The message's time to live, in seconds or as a Go duration (`"10s"`); `"never"` for none.
    public static let ttl = "Nats-TTL"
    /// Replace earlier messages: `sub` for the message's subject, `all` for the stream.
    public static let rollup = "Nats-Rollup"
    /// Why the server left a marker message (`MaxAge`, `Purge`, `Remove`).
    public static let markerReason = "Nats-Marker-Reason"
    /// Direct get replies: the stream.
    public static let stream = "Nats-Stream"
    /// Direct get replies: the sequence.
    public static let sequence = "Nats-Sequence"
    /// Direct get replies: when the message was stored.
    public static let timeStamp = "Nats-Time-Stamp"
    /// Direct get replies: the subject.
    public static let subject = "Nats-Subject"
    /// Batched direct get replies: the previous sequence.
    public static let lastSequence = "Nats-Last-Sequence"
    /// Batched direct get replies: messages still to come.
    public static let numPending = "Nats-Num-Pending"
    /// Pull status frames: messages the request still had outstanding.
    public static let pendingMessages = "Nats-Pending-Messages"
    /// Pull status frames: bytes the request still had outstanding.
    public static let pendingBytes = "Nats-Pending-Bytes"
    /// Headers-only consumers: the size of the payload left out.
    public static let messageSize = "Nats-Msg-Size"
    /// Key-value: the operation (`DEL`, `PURGE`); absent for a put.
    public static let keyValueOperation = "KV-Operation"
}
