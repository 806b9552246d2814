public import NIOCore

/// A message received from a subscription or as the reply to a request.
public struct NATSMessage: Sendable {
    /// The subject it was published to.
    public var subject: String
    /// Where a reply should be published, if the sender expects one.
    public var replyTo: String?
    /// Headers, when the message has any.
    public var headers: NATSHeaders?
    /// The payload bytes.
    public var payload: ByteBuffer

    /// Creates a message.
    public init(subject: String, replyTo: String? = nil, headers: NATSHeaders? = nil, payload: ByteBuffer = ByteBuffer()) {
        self.subject = subject
        self.replyTo = replyTo
        self.headers = headers
        self.payload = payload
    }

    /// The status code from the headers' first line (503 no responders; JetStream's 100, 404, 408, 409).
    public var status: Int? { headers?.status }
    /// The text after the status code.
    public var statusDescription: String? { headers?.statusDescription }
    /// The payload read as UTF-8.
    public var string: String { String(buffer: payload) }
}
