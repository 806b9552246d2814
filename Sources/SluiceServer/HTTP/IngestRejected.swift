import SluiceRuntime

/// Every line of an ingest body was malformed; answered with `400` naming the first lines and counting the rest.
struct IngestRejected: Error {
    var outcome: IngestOutcome

    /// One sentence naming the first rejected lines.
    var message: String {
        let described = outcome.rejected.prefix(20).map { "line \($0.line): \($0.reason)" }.joined(separator: "; ")
        let more = outcome.rejectedCount > 20 ? "; and \(outcome.rejectedCount - 20) more" : ""
        return "no line of the body was accepted: \(described)\(more)"
    }
}
