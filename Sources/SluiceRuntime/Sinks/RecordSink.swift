import SluiceCore

/// Where a pipeline's records end up.
///
/// ``write(_:)`` gets a batch and returns one result per record; throwing means the whole batch failed in a way
/// that may pass later (the pipeline retries it with its backoff). Sinks must be idempotent: a batch may be
/// written again after a restart or a retry.
protocol RecordSink: Sendable {
    /// Creates what the sink needs (an index, a stream); called once before the first write.
    func prepare() async throws
    /// Writes records; one result per record, in order.
    func write(_ records: [SinkRecord]) async throws -> [SinkResult]
    /// Whether the sink takes writes now; while it does not, the pipeline stops fetching. Default available.
    var availability: SinkAvailability { get }
}

extension RecordSink {
    var availability: SinkAvailability { .available }
}

/// Whether a sink takes writes.
enum SinkAvailability: Sendable, Hashable {
    case available
    /// Not before `until` (a circuit breaker is open), for `reason`.
    case unavailable(until: ContinuousClock.Instant, reason: String)
}

/// A record ready for a sink.
struct SinkRecord: Sendable {
    var envelope: Envelope
    /// The rendered subject of the pipeline's template.
    var subject: String
    /// When the first Sluice stage received the record (carried across processes in `Sluice-Received-At`).
    var receivedAt: WallClock.Instant?
}

/// What a sink did with one record.
enum SinkResult: Sendable, Hashable {
    /// Stored (or already stored at this version or newer).
    case delivered
    /// Refused for good; goes to the DLQ with the reason.
    case rejected(String)
}

/// The sink's target is down or overloaded, which is not the records' fault: the pipeline redelivers the batch
/// after its backoff for as long as it takes, and never dead-letters it for this.
struct SinkUnavailable: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
