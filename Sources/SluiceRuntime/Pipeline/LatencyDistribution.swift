import Histogram
import Synchronization

/// End-to-end latencies of one pipeline (source received → sink confirmed), in microseconds, kept in an
/// HdrHistogram with three significant digits so p50 and p99 are exact to 0.1 %.
final class LatencyDistribution: Sendable {
    private let histogram = Mutex(Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three))

    /// Records `count` records that took `latency`.
    func record(_ latency: Duration, count: Int) {
        guard count > 0 else { return }
        let microseconds = UInt64(max(1, latency.nanoseconds / 1_000))
        histogram.withLock { _ = $0.record(min(microseconds, $0.highestTrackableValue), count: UInt64(count)) }
    }

    /// The percentiles so far, `nil` before the first record.
    var summary: PipelineStatus.Latency? {
        histogram.withLock { histogram in
            guard histogram.totalCount > 0 else { return nil }
            func milliseconds(_ percentile: Double) -> Double { Double(histogram.valueAtPercentile(percentile)) / 1_000 }
            return PipelineStatus.Latency(
                records: Int(histogram.totalCount),
                p50Milliseconds: milliseconds(50),
                p99Milliseconds: milliseconds(99),
                maxMilliseconds: Double(histogram.max) / 1_000
            )
        }
    }

    /// Forgets what was recorded (a benchmark does this between its phases).
    func reset() {
        histogram.withLock { $0.reset() }
    }
}
