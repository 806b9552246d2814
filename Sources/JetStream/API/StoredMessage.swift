import FoundationEssentials
import NATS
import NIOCore

/// A message read from a stream by sequence or subject (`STREAM.MSG.GET` or a direct get).
public struct StoredMessage: Sendable {
    /// The subject it was published to.
    public var subject: String
    /// Its sequence in the stream.
    public var sequence: UInt64
    /// Its headers, if it has any.
    public var headers: NATSHeaders?
    /// Its payload.
    public var payload: ByteBuffer
    /// When it was stored.
    public var time: Date?

    /// Creates a stored message.
    public init(subject: String, sequence: UInt64, headers: NATSHeaders? = nil, payload: ByteBuffer = ByteBuffer(), time: Date? = nil) {
        self.subject = subject
        self.sequence = sequence
        self.headers = headers
        self.payload = payload
        self.time = time
    }

    /// Reads the JSON form (`STREAM.MSG.GET`, base64 headers and data).
    init(json: StoredMessageJSON) throws(JetStreamError) {
        var headers: NATSHeaders?
        if let hdrs = json.hdrs, !hdrs.isEmpty {
            guard let bytes = Data(base64Encoded: hdrs), let parsed = HeaderBlock.parse(bytes) else {
                throw JetStreamError(.invalidResponse, "message \(json.seq) has malformed headers")
            }
            headers = parsed
        }
        var payload = ByteBuffer()
        if let data = json.data, !data.isEmpty {
            guard let bytes = Data(base64Encoded: data) else {
                throw JetStreamError(.invalidResponse, "message \(json.seq) has malformed data")
            }
            payload = ByteBuffer(bytes: bytes)
        }
        self.init(
            subject: json.subject,
            sequence: json.seq,
            headers: headers,
            payload: payload,
            time: json.time.flatMap(RFC3339.parse)
        )
    }

    /// Reads a direct-get reply: the message itself with `Nats-Stream`, `Nats-Sequence`,
    /// `Nats-Time-Stamp` and `Nats-Subject` headers.
    init(directGetReply message: NATSMessage) throws(JetStreamError) {
        guard var headers = message.headers, let subject = headers[JetStreamHeader.subject],
            let sequence = headers[JetStreamHeader.sequence].flatMap(UInt64.init)
        else {
            throw JetStreamError(.invalidResponse, "direct get reply lacks Nats-Subject or Nats-Sequence")
        }
        let time = headers[JetStreamHeader.timeStamp].flatMap(RFC3339.parse)
        for name in [
            JetStreamHeader.stream, JetStreamHeader.sequence, JetStreamHeader.timeStamp, JetStreamHeader.subject, JetStreamHeader.lastSequence,
            JetStreamHeader.numPending,
        ] {
            headers[name] = nil
        }
        headers.status = nil
        headers.statusDescription = nil
        self.init(subject: subject, sequence: sequence, headers: headers.isEmpty ? nil : headers, payload: message.payload, time: time)
    }
}
