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
    /// The record as it was received (UTF-8 text, usually JSON).
    public var payload: String

    public init(id: String, pipeline: String, subject: String, reason: String, deliveries: Int, failedAt: String, payload: String) {
        self.id = id
        self.pipeline = pipeline
        self.subject = subject
        self.reason = reason
        self.deliveries = deliveries
        self.failedAt = failedAt
        self.payload = payload
    }

    enum CodingKeys: String, CodingKey {
        case id, pipeline, subject, reason, deliveries
        case failedAt = "failed_at"
        case payload
    }
}
