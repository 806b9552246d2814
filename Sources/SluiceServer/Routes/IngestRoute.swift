import Hummingbird
import SluiceRuntime

/// `POST /ingest/{pipeline}`: an NDJSON body of records for a pipeline whose source is HTTP ingest.
///
/// - `202` with `{"accepted": n, "rejected": [{"line": 3, "reason": "…"}], "rejected_count": m}` when at least one line
///   was accepted (`rejected` lists the first ``IngestOutcome/maximumListed`` lines, `rejected_count` counts all);
/// - `400` naming each line when none was (or the body holds no record at all);
/// - `413` when the body is over the pipeline's `source.max_body_bytes` (else
///   ``SluiceHTTPServerConfiguration/maxBodySize``), before it is buffered;
/// - `429` with `Retry-After` when the pipeline is backed up; `404` for an unknown pipeline.
struct IngestRoute: Sendable {
    let operations: any SluiceOperations
    /// The body limit of each pipeline (``SluiceHTTPServerConfiguration/ingestBodyLimit(pipeline:)``).
    let bodyLimit: @Sendable (String) -> Int

    func add<Context: RequestContext>(to router: some RouterMethods<Context>) {
        router.post("ingest/{pipeline}") { request, context in
            let pipeline = try context.parameters.requireDecoded("pipeline")
            let body = try await request.collectBody(limit: bodyLimit(pipeline))
            guard Self.hasRecord(body) else {
                throw OperationsError(.badRequest, "the body holds no record; send one JSON object per line")
            }
            let outcome = try await operations.ingest(pipeline: pipeline, body: body)
            if outcome.accepted == 0 && outcome.rejectedCount > 0 {
                throw IngestRejected(outcome: outcome)
            }
            return try JSONResponse.make(outcome, status: .accepted)
        }
    }

    /// Whether the body has any byte that is not white space.
    static func hasRecord(_ body: ByteBuffer) -> Bool {
        body.readableBytesView.contains { byte in
            byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\r") && byte != UInt8(ascii: "\t")
        }
    }
}
