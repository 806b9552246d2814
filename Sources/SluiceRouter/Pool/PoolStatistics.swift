import Histogram
import Synchronization

/// What a pool has done since it started, for the API and the benchmark.
public struct PoolSnapshot: Sendable, Hashable, Codable {
    /// The pool code.
    public var pool: String
    /// Deliveries in flight now.
    public var inFlight: Int
    /// Messages delivered (2xx).
    public var delivered: Int
    /// Tries that failed and were retried.
    public var retried: Int
    /// Messages moved to the dead letters.
    public var deadLettered: Int
    /// Deliveries that waited for the rate limit.
    public var rateLimitWaits: Int
    /// The 99th percentile of successful delivery times (HTTP request to answer), in milliseconds.
    public var p99Milliseconds: Double

    enum CodingKeys: String, CodingKey {
        case pool
        case inFlight = "in_flight"
        case delivered
        case retried
        case deadLettered = "dead_lettered"
        case rateLimitWaits = "rate_limit_waits"
        case p99Milliseconds = "p99_ms"
    }
}

/// The counters behind a ``PoolSnapshot``.
final class PoolStatistics: Sendable {
    private struct Counts {
        var inFlight = 0
        var delivered = 0
        var retried = 0
        var deadLettered = 0
        var rateLimitWaits = 0
        var latency = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    }

    private let counts = Mutex(Counts())

    func started() { counts.withLock { $0.inFlight += 1 } }
    func finished() { counts.withLock { $0.inFlight -= 1 } }
    func retried() { counts.withLock { $0.retried += 1 } }
    func deadLettered() { counts.withLock { $0.deadLettered += 1 } }
    func waitedForRateLimit() { counts.withLock { $0.rateLimitWaits += 1 } }

    func delivered(after latency: Duration) {
        let microseconds = UInt64(max(latency.components.seconds * 1_000_000 + latency.components.attoseconds / 1_000_000_000_000, 0))
        counts.withLock { counts in
            counts.delivered += 1
            _ = counts.latency.record(min(microseconds, counts.latency.highestTrackableValue))
        }
    }

    func snapshot(pool: String) -> PoolSnapshot {
        counts.withLock { counts in
            PoolSnapshot(
                pool: pool,
                inFlight: counts.inFlight,
                delivered: counts.delivered,
                retried: counts.retried,
                deadLettered: counts.deadLettered,
                rateLimitWaits: counts.rateLimitWaits,
                p99Milliseconds: counts.delivered == 0 ? 0 : Double(counts.latency.valueAtPercentile(99)) / 1000
            )
        }
    }
}
