import Metrics
import Synchronization

/// A pipeline's record counters, kept for `/pipelines` and reported to swift-metrics with the label
/// `pipeline` (`sluice_records_in_total`, `sluice_records_out_total`, `sluice_records_failed_total`,
/// `sluice_records_dlq_total`, `sluice_batch_size`, `sluice_sink_latency_seconds`, `sluice_end_to_end_latency_seconds`,
/// `sluice_consumer_lag`).
final class PipelineCounters: Sendable {
    private let recordsIn = Atomic<Int>(0)
    private let recordsOut = Atomic<Int>(0)
    private let recordsFailed = Atomic<Int>(0)
    private let recordsDeadLettered = Atomic<Int>(0)
    private let filtered = Atomic<Int>(0)

    private let inCounter: Counter
    private let outCounter: Counter
    private let failedCounter: Counter
    private let dlqCounter: Counter
    private let batchSize: Recorder
    private let sinkLatency: Timer
    private let endToEndTimer: Timer
    private let lag: Gauge
    /// End-to-end latencies for `/pipelines` and `sluice bench pipeline`.
    let endToEnd = LatencyDistribution()
    /// This pipeline's own hop: from the transport storing a message to the sink confirming its records.
    let hop = LatencyDistribution()

    init(pipeline: String) {
        let dimensions = [("pipeline", pipeline)]
        inCounter = Counter(label: "sluice_records_in_total", dimensions: dimensions)
        outCounter = Counter(label: "sluice_records_out_total", dimensions: dimensions)
        failedCounter = Counter(label: "sluice_records_failed_total", dimensions: dimensions)
        dlqCounter = Counter(label: "sluice_records_dlq_total", dimensions: dimensions)
        batchSize = Recorder(label: "sluice_batch_size", dimensions: dimensions, aggregate: true)
        sinkLatency = Timer(label: "sluice_sink_latency_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
        endToEndTimer = Timer(label: "sluice_end_to_end_latency_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
        lag = Gauge(label: "sluice_consumer_lag", dimensions: dimensions)
    }

    func recordIn(_ count: Int) {
        recordsIn.add(count, ordering: .relaxed)
        inCounter.increment(by: count)
    }

    func recordOut(_ count: Int) {
        recordsOut.add(count, ordering: .relaxed)
        outCounter.increment(by: count)
    }

    func recordFailed(_ count: Int) {
        recordsFailed.add(count, ordering: .relaxed)
        failedCounter.increment(by: count)
    }

    func recordDeadLettered(_ count: Int) {
        recordsDeadLettered.add(count, ordering: .relaxed)
        dlqCounter.increment(by: count)
    }

    func recordFiltered(_ count: Int) {
        filtered.add(count, ordering: .relaxed)
    }

    func recordBatch(size: Int, sinkLatency duration: Duration) {
        batchSize.record(size)
        sinkLatency.recordNanoseconds(duration.nanoseconds)
    }

    /// Records that `count` records reached the sink `latency` after their source received them.
    func recordEndToEnd(_ latency: Duration, count: Int) {
        endToEnd.record(latency, count: count)
        endToEndTimer.recordNanoseconds(latency.nanoseconds)
    }

    /// Records that `count` records reached the sink `latency` after the transport stored them.
    func recordHop(_ latency: Duration, count: Int) {
        hop.record(latency, count: count)
    }

    func recordLag(_ value: Int) {
        lag.record(value)
    }

    /// The counters as the operations API shows them.
    var snapshot: PipelineStatus.Counters {
        PipelineStatus.Counters(
            recordsIn: recordsIn.load(ordering: .relaxed),
            recordsOut: recordsOut.load(ordering: .relaxed),
            recordsFailed: recordsFailed.load(ordering: .relaxed),
            recordsDeadLettered: recordsDeadLettered.load(ordering: .relaxed),
            recordsFiltered: filtered.load(ordering: .relaxed)
        )
    }
}

extension Duration {
    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
