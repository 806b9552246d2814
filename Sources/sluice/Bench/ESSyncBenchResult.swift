import Foundation

/// What `sluice bench es-sync` measured, as text or one JSON object.
struct ESSyncBenchResult: BenchJSONResult {
    var docs: Int
    var writeDocsPerSecond: Double = 0
    var rawBulkDocsPerSecond: Double = 0
    var endToEndDocsPerSecond: Double = 0
    var p50Milliseconds: Double = 0
    var p99Milliseconds: Double = 0
    var latencyDocs: Int = 0
    var gatewayP50Milliseconds: Double = 0
    var gatewayP99Milliseconds: Double = 0
    var gatewayUnderLoadP99Milliseconds: Double = 0
    var converged = false

    enum CodingKeys: String, CodingKey {
        case docs, converged
        case writeDocsPerSecond = "write_docs_per_sec"
        case rawBulkDocsPerSecond = "raw_bulk_docs_per_sec"
        case endToEndDocsPerSecond = "end_to_end_docs_per_sec"
        case p50Milliseconds = "p50_ms"
        case p99Milliseconds = "p99_ms"
        case latencyDocs = "latency_docs"
        case gatewayP50Milliseconds = "gateway_p50_ms"
        case gatewayP99Milliseconds = "gateway_p99_ms"
        case gatewayUnderLoadP99Milliseconds = "gateway_under_load_p99_ms"
    }

    var text: String {
        let ratio = rawBulkDocsPerSecond > 0 ? writeDocsPerSecond / rawBulkDocsPerSecond * 100 : 0
        return """
            sluice bench es-sync: \(docs) documents
              raw bulk     \(Int(rawBulkDocsPerSecond)) docs/s (straight into the target)
              write role   \(Int(writeDocsPerSecond)) docs/s (\(String(format: "%.0f", ratio))% of raw bulk)
              end to end   \(Int(endToEndDocsPerSecond)) docs/s (watch snapshot → gateway → write)
              latency      p50 \(String(format: "%.1f", p50Milliseconds)) ms, p99 \(String(format: "%.1f", p99Milliseconds)) ms (\(latencyDocs) changes)
              gateway hop  p50 \(String(format: "%.1f", gatewayP50Milliseconds)) ms, p99 \(String(format: "%.1f", gatewayP99Milliseconds)) ms \
            (alone); p99 \(String(format: "%.1f", gatewayUnderLoadP99Milliseconds)) ms beside the search servers
              converged    \(converged)
            """
    }
}
