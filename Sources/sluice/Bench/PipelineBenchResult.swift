import Foundation

/// What `sluice bench pipeline` measured, as text or as one JSON object.
struct PipelineBenchResult: BenchJSONResult {
    var records: Int
    var transport: String
    var recordsPerSecond: Double
    var seconds: Double
    /// How fast the source read and published the records to the transport (the sink may lag behind).
    var sourceRecordsPerSecond: Double
    var offeredRate: Int
    var latencyRecords: Int
    var p50Milliseconds: Double
    var p99Milliseconds: Double
    var peakRSSBytes: Int
    var readyMilliseconds: Double

    enum CodingKeys: String, CodingKey {
        case records, transport, seconds
        case recordsPerSecond = "records_per_sec"
        case sourceRecordsPerSecond = "source_records_per_sec"
        case offeredRate = "offered_rate"
        case latencyRecords = "latency_records"
        case p50Milliseconds = "p50_ms"
        case p99Milliseconds = "p99_ms"
        case peakRSSBytes = "peak_rss_bytes"
        case readyMilliseconds = "ready_ms"
    }

    var text: String {
        """
        sluice bench pipeline: \(records) records over \(transport)
          throughput  \(Int(recordsPerSecond)) records/s from file to searchable index (\(String(format: "%.2f", seconds)) s; \
        the source published \(Int(sourceRecordsPerSecond)) records/s)
          latency     p50 \(String(format: "%.2f", p50Milliseconds)) ms, p99 \(String(format: "%.2f", p99Milliseconds)) ms \
        at \(offeredRate) records/s offered (\(latencyRecords) records, ingest to sink commit)
          peak RSS    \(String(format: "%.1f", Double(peakRSSBytes) / 1_048_576)) MiB
          ready in    \(String(format: "%.0f", readyMilliseconds)) ms
        """
    }
}
