import SluiceCore

/// Where a pipeline's records end up, made by a ``SinkConnector``.
///
/// The contract: ``write(_:)`` gets a batch and returns one result per record, in order. A record the sink refuses
/// for good is ``SinkResult/rejected(_:)`` and goes to the dead letters with the reason; the others of the batch
/// are acknowledged. Throwing means the whole batch failed in a way that may pass later: the message is delivered
/// again after the pipeline's backoff and dead-lettered past its max deliver, unless the error is
/// ``SinkUnavailable`` (the target is down, not the records' fault), which is retried without limit. The message is
/// acknowledged only after `write` returned. Sinks must be idempotent: a batch may be written again after a
/// restart or a retry.
public protocol RecordSink: Sendable {
    /// Creates what the sink needs (an index, a stream); called once before the first write.
    func prepare() async throws
    /// Writes records; one result per record, in order.
    func write(_ records: [SinkRecord]) async throws -> [SinkResult]
    /// Whether the sink takes writes now; while it does not, the pipeline stops fetching. Default available.
    var availability: SinkAvailability { get }
}

extension RecordSink {
    public var availability: SinkAvailability { .available }
}

/// Whether a sink takes writes.
public enum SinkAvailability: Sendable, Hashable {
    /// It does.
    case available
    /// Not before `until` (a circuit breaker is open), for `reason`.
    case unavailable(until: ContinuousClock.Instant, reason: String)
}

/// A record ready for a sink.
public struct SinkRecord: Sendable {
    /// The record, filtered and transformed.
    public var envelope: Envelope
    /// The rendered subject of the pipeline's template.
    public var subject: String
    /// When the first Sluice stage received the record (carried across processes in `Sluice-Received-At`).
    public var receivedAt: WallClock.Instant?

    /// Creates a record.
    public init(envelope: Envelope, subject: String, receivedAt: WallClock.Instant? = nil) {
        self.envelope = envelope
        self.subject = subject
        self.receivedAt = receivedAt
    }
}

/// What a sink did with one record.
public enum SinkResult: Sendable, Hashable {
    /// Stored (or already stored at this version or newer).
    case delivered
    /// Refused for good; goes to the DLQ with the reason.
    case rejected(String)
}

/// The sink's target is down or overloaded, which is not the records' fault: the pipeline redelivers the batch
/// after its backoff for as long as it takes, and never dead-letters it for this.
public struct SinkUnavailable: Error, CustomStringConvertible {
    /// Why.
    public var reason: String
    public var description: String { reason }

    /// Creates the error.
    public init(reason: String) {
        self.reason = reason
    }
}
