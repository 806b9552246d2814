import SluiceCore

/// One pipeline: a source, how its records become envelopes, filters and transforms, and a sink.
///
/// Records travel from the source over the transport (subject ``transportSubject``, batched as NDJSON)
/// to the deliver stage, which filters, transforms and validates them and writes them to the sink.
public struct PipelineConfig: Sendable, Hashable {
    /// The name: letters, digits, `-` and `_`; it names the consumer, the subjects and the metrics label.
    public var name: String
    /// Where records come from.
    public var source: SourceConfig
    /// How a record becomes an envelope.
    public var record: RecordSettings = RecordSettings()
    /// The subject template rendered for each record (used by subject filters, the publish sink and the DLQ's
    /// original-subject header). Default `sluice.{pipeline}.{resource_type}.{event_type}`.
    public var subject: String = "sluice.{pipeline}.{resource_type}.{event_type}"
    /// Filters, then transforms, in order (SluiceCore's ``SluiceCore/PipelineSteps``).
    public var steps: PipelineSteps = PipelineSteps()
    /// Where records go.
    public var sink: SinkConfig
    /// Where records that cannot be delivered go. Default subject `sluice.dlq.<name>`.
    public var deadLetterSubject: String
    /// How records are grouped for the transport and the sink.
    public var batch: BatchSettings = BatchSettings()
    /// How many batches are delivered to the sink at once. Default 2.
    public var concurrency: Int = 2
    /// How failures are retried.
    public var retry: RetrySettings = RetrySettings()
    /// The consumer lag above which `/readyz` reports the pipeline degraded. Default 10,000.
    public var lagThreshold: Int = 10_000
    /// Where the source publishes its batches. Default `sluice.in.<name>`.
    public var transportSubject: String

    /// Creates a pipeline with the defaults for everything but its name, source and sink.
    public init(name: String, source: SourceConfig, sink: SinkConfig) {
        self.name = name
        self.source = source
        self.sink = sink
        self.deadLetterSubject = "sluice.dlq.\(name)"
        self.transportSubject = "sluice.in.\(name)"
    }
}

/// How a plain JSON record (not already an envelope) becomes an envelope.
public struct RecordSettings: Sendable, Hashable {
    /// The field holding the record's id (`resource_id`). Default `id`; a record without it goes to the DLQ.
    public var idField: String = "id"
    /// The field holding the record's version (an integer); default none: the time it was decoded, in milliseconds.
    public var versionField: String?
    /// The field holding the event type (`created`, `updated`, `deleted`); default none, `updated`.
    public var eventTypeField: String?
    /// The envelope's `resource_type`. Default the pipeline name.
    public var resourceType: String?
    /// The envelope's `producer`. Default `sluice`.
    public var producer: String = "sluice"
    /// The largest record accepted, in bytes; larger ones go to the DLQ. Default 1 MiB.
    public var maxBytes: Int = 1 << 20

    /// Creates the defaults.
    public init() {}
}

/// When the batcher flushes: whichever limit is reached first.
public struct BatchSettings: Sendable, Hashable {
    /// Records per batch. Default 500.
    public var maxRecords: Int = 500
    /// Bytes per batch. Default 1 MiB (under NATS's default 1 MiB payload limit with headers).
    public var maxBytes: Int = 900 * 1024
    /// How long the first record of a batch waits for more. Default 50 ms.
    public var maxAge: Duration = .milliseconds(50)

    /// Creates the defaults.
    public init() {}
}

/// How failed deliveries are retried.
public struct RetrySettings: Sendable, Hashable {
    /// The delays between attempts.
    public enum Backoff: Sendable, Hashable {
        /// Fixed delays, the last repeated (the default is `1s 5s 15s 30s 60s`).
        case list([Duration])
        /// `initial * multiplier^(attempt-1)`, capped at `max`, with up to `jitter` (0…1) of it randomised.
        case exponential(initial: Duration, max: Duration, multiplier: Double, jitter: Double)
    }
    /// Default the list `1s 5s 15s 30s 60s`.
    public var backoff: Backoff = .list([.seconds(1), .seconds(5), .seconds(15), .seconds(30), .seconds(60)])
    /// Deliveries before a record goes to the DLQ. Default 5.
    public var maxDeliver: Int = 5

    /// Creates the defaults.
    public init() {}

    /// The delay before delivery number `delivery + 1`, after delivery `delivery` (1-based) failed.
    public func delay(afterDelivery delivery: Int) -> Duration {
        switch backoff {
        case .list(let delays):
            guard let last = delays.last else { return .zero }
            return delivery - 1 < delays.count ? delays[max(0, delivery - 1)] : last
        case .exponential(let initial, let maximum, let multiplier, let jitter):
            let seconds = Double(initial.components.seconds) + Double(initial.components.attoseconds) / 1e18
            let maxSeconds = Double(maximum.components.seconds) + Double(maximum.components.attoseconds) / 1e18
            var value = seconds
            for _ in 1..<max(1, delivery) where value < maxSeconds { value *= multiplier }
            value = min(maxSeconds, value)
            if jitter > 0 { value *= 1 - Double.random(in: 0...jitter) }
            return .milliseconds(Int64(value * 1000))
        }
    }
}
