import SluiceRuntime

/// Every line of an ingest body was malformed; answered with `400` naming each line.
struct IngestRejected: Error {
    var lines: [IngestOutcome.LineError]

    /// One sentence naming every rejected line.
    var message: String {
        let described = lines.prefix(20).map { "line \($0.line): \($0.reason)" }.joined(separator: "; ")
        let more = lines.count > 20 ? "; and \(lines.count - 20) more" : ""
        return "no line of the body was accepted: \(described)\(more)"
    }
}
