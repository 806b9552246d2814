public import NIOCore
import SluiceCore

/// A record that could not be delivered, with why (`GET /dlq`).
public struct DeadLetter: Sendable, Codable, Equatable {
    public var id: String
    public var pipeline: String
    /// The subject the record was on when it failed.
    public var subject: String
    public var reason: String
    /// How many times delivery was tried.
    public var deliveries: Int
    /// When it was dead-lettered (RFC 3339).
    public var failedAt: String
    /// The record as it was received, as text for display (bytes that are not UTF-8 show as U+FFFD).
    public var payload: String
    /// The record as it was received, byte for byte: what a replay publishes. Not part of the JSON form; decoded
    /// from JSON it is the UTF-8 of ``payload``.
    public var rawPayload: ByteBuffer

    /// Creates a dead letter from the record's bytes.
    public init(id: String, pipeline: String, subject: String, reason: String, deliveries: Int, failedAt: String, rawPayload: ByteBuffer) {
        self.id = id
        self.pipeline = pipeline
        self.subject = subject
        self.reason = reason
        self.deliveries = deliveries
        self.failedAt = failedAt
        self.payload = String(decoding: rawPayload.readableBytesView, as: UTF8.self)
        self.rawPayload = rawPayload
    }

    /// Creates a dead letter from the record's text.
    public init(id: String, pipeline: String, subject: String, reason: String, deliveries: Int, failedAt: String, payload: String) {
        self.init(
            id: id,
            pipeline: pipeline,
            subject: subject,
            reason: reason,
            deliveries: deliveries,
            failedAt: failedAt,
            rawPayload: ByteBuffer(string: payload)
        )
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            pipeline: try container.decode(String.self, forKey: .pipeline),
            subject: try container.decode(String.self, forKey: .subject),
            reason: try container.decode(String.self, forKey: .reason),
            deliveries: try container.decode(Int.self, forKey: .deliveries),
            failedAt: try container.decode(String.self, forKey: .failedAt),
            payload: try container.decode(String.self, forKey: .payload)
        )
    }

    enum CodingKeys: String, CodingKey {
        case id, pipeline, subject, reason, deliveries
        case failedAt = "failed_at"
        case payload
    }
}
