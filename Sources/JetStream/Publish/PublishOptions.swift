import NATS

/// Conditions and settings for one publish to a stream.
public struct PublishOptions: Sendable, Hashable {
    /// The message's id (`Nats-Msg-Id`): a second publish with the same id within the stream's duplicate
    /// window is dropped and acknowledged with ``PubAck/duplicate`` set.
    public var messageID: String?
    /// Store only if the subject belongs to this stream (`Nats-Expected-Stream`).
    public var expectedStream: String?
    /// Store only if the stream's last sequence is this (`Nats-Expected-Last-Sequence`).
    public var expectedLastSequence: UInt64?
    /// Store only if the last sequence on this message's subject is this, 0 meaning no message yet
    /// (`Nats-Expected-Last-Subject-Sequence`).
    public var expectedLastSubjectSequence: UInt64?
    /// Store only if the stream's last message id is this (`Nats-Expected-Last-Msg-Id`).
    public var expectedLastMessageID: String?
    /// Remove the message after this long (`Nats-TTL`, whole seconds, at least 1), on streams with
    /// ``StreamConfig/allowMessageTTL`` (server 2.11+).
    public var ttl: Duration?
    /// How long to wait for the acknowledgement; `nil` uses the context's timeout.
    public var timeout: Duration?
    /// How many more times to try when no stream answers (status 503), as while a stream's leader is being
    /// elected. Defaults to 2.
    public var retryAttempts: Int = 2
    /// The wait between those tries. Defaults to 250 ms.
    public var retryWait: Duration = .milliseconds(250)

    /// Creates options.
    public init(
        messageID: String? = nil,
        expectedStream: String? = nil,
        expectedLastSequence: UInt64? = nil,
        expectedLastSubjectSequence: UInt64? = nil,
        expectedLastMessageID: String? = nil,
        ttl: Duration? = nil
    ) {
        self.messageID = messageID
        self.expectedStream = expectedStream
        self.expectedLastSequence = expectedLastSequence
        self.expectedLastSubjectSequence = expectedLastSubjectSequence
        self.expectedLastMessageID = expectedLastMessageID
        self.ttl = ttl
    }

    /// Whether any header is set.
    var hasHeaders: Bool {
        messageID != nil || expectedStream != nil || expectedLastSequence != nil || expectedLastSubjectSequence != nil
            || expectedLastMessageID != nil || ttl != nil
    }

    /// `headers` with these options' headers added.
    func apply(to headers: NATSHeaders?) throws(JetStreamError) -> NATSHeaders? {
        guard hasHeaders else { return headers }
        var headers = headers ?? NATSHeaders()
        if let messageID { headers[JetStreamHeader.messageID] = messageID }
        if let expectedStream { headers[JetStreamHeader.expectedStream] = expectedStream }
        if let expectedLastSequence { headers[JetStreamHeader.expectedLastSequence] = String(expectedLastSequence) }
        if let expectedLastSubjectSequence {
            headers[JetStreamHeader.expectedLastSubjectSequence] = String(expectedLastSubjectSequence)
        }
        if let expectedLastMessageID { headers[JetStreamHeader.expectedLastMessageID] = expectedLastMessageID }
        if let ttl {
            guard ttl >= .seconds(1) else { throw JetStreamError(.invalidArgument, "a message TTL must be at least 1 second") }
            let (seconds, attoseconds) = ttl.components
            headers[JetStreamHeader.ttl] = String(seconds + (attoseconds > 0 ? 1 : 0))
        }
        return headers
    }
}
