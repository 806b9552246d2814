import FoundationEssentials
import NIOCore

/// The runtime side of `POST /ingest/{pipeline}`: checks the size and the backlog, checks each NDJSON line,
/// and publishes the good ones to the pipeline's transport subject in batches before answering.
struct HTTPIngest: Sendable {
    let config: PipelineConfig
    let settings: HTTPSourceConfig
    let transport: any Transport
    let binding: TransportBinding
    let decoder: RecordDecoder
    let counters: PipelineCounters

    init(config: PipelineConfig, settings: HTTPSourceConfig, transport: any Transport, binding: TransportBinding, counters: PipelineCounters) {
        self.config = config
        self.settings = settings
        self.transport = transport
        self.binding = binding
        self.decoder = RecordDecoder(settings: config.record, pipeline: config.name)
        self.counters = counters
    }

    func ingest(_ body: ByteBuffer) async throws(OperationsError) -> IngestOutcome {
        guard body.readableBytes <= settings.maxBodyBytes else {
            throw OperationsError(.tooLarge, "the body is \(body.readableBytes) bytes; the limit is \(settings.maxBodyBytes) (source.max_body_bytes)")
        }
        let pending: Int
        do {
            pending = try await transport.pending(binding)
        } catch {
            throw OperationsError(.unavailable, "the transport is unavailable: \(error.message)")
        }
        guard pending < settings.maxPending else {
            throw OperationsError(
                .backedUp,
                "pipeline \(config.name) has \(pending) messages waiting (source.max_pending \(settings.maxPending)); retry later"
            )
        }
        var outcome = IngestOutcome(accepted: 0)
        var batcher = Batcher(maxRecords: config.batch.maxRecords, maxBytes: config.batch.maxBytes)
        var batches: [RecordBatch] = []
        let now = DecodingTime()
        var lineNumber = 0
        for line in Self.lines(body) {
            lineNumber += 1
            guard let bytes = line else { continue }
            if case .failure(let rejection) = decoder.decode(bytes, at: now) {
                outcome.reject(line: lineNumber, reason: rejection.reason)
                continue
            }
            outcome.accepted += 1
            if let batch = batcher.append(SourceRecord(bytes: bytes, position: nil)) { batches.append(batch) }
        }
        if let batch = batcher.flush() { batches.append(batch) }
        let messages = batches.map { $0.message(subject: config.transportSubject, messageID: nil) }
        do {
            try await transport.publish(messages)
        } catch {
            throw OperationsError(.unavailable, "could not store the records: \(error.message)")
        }
        counters.recordIn(outcome.accepted)
        return outcome
    }

    /// Each line of the body, `nil` for blank lines (which are skipped but counted).
    static func lines(_ body: ByteBuffer) -> [ByteBuffer?] {
        var result: [ByteBuffer?] = []
        let view = body.readableBytesView
        var start = view.startIndex
        while start < view.endIndex {
            let end = view[start...].firstIndex(of: UInt8(ascii: "\n")) ?? view.endIndex
            var lineEnd = end
            if lineEnd > start, view[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let slice = body.getSlice(at: body.readerIndex + (start - view.startIndex), length: lineEnd - start)
            let blank = slice?.readableBytesView.allSatisfy { $0 == 32 || $0 == 9 } ?? true
            result.append(blank ? nil : slice)
            start = end < view.endIndex ? end + 1 : end
        }
        return result
    }
}
