import Foundation
import NIOCore
import SluiceRuntime

extension InMemoryOperations {
    func ingest(pipeline name: String, body: ByteBuffer) throws(OperationsError) -> IngestOutcome {
        guard readinessReport.ready else {
            throw OperationsError(.unavailable, "not ready: \(readinessReport.reasons.joined(separator: "; "))")
        }
        let index = try pipelineIndex(name)
        guard pipelines[index].status.source == "http" else {
            throw OperationsError(.conflict, "pipeline \"\(name)\" does not take HTTP ingest")
        }
        let lines = String(buffer: body).split(separator: "\n", omittingEmptySubsequences: false)
        let records = lines.enumerated().filter { !$0.element.allSatisfy(\.isWhitespace) }
        guard records.count <= pipelines[index].capacity else {
            throw OperationsError(.backedUp, "pipeline \"\(name)\" is backed up")
        }
        var outcome = IngestOutcome(accepted: 0)
        for (offset, line) in records {
            switch Self.parse(line) {
            case .failure(let reason):
                outcome.reject(line: offset + 1, reason: reason.description)
            case .success(let record):
                outcome.accepted += 1
                pipelines[index].capacity -= 1
                deliver(record, text: String(line), pipeline: index)
            }
        }
        return outcome
    }

    /// Indexes a record, or dead-letters it when it says `"valid": false` and the sink is not fixed.
    func deliver(_ record: [String: Any], text: String, pipeline index: Int, deliveries: Int = 1) {
        let name = pipelines[index].status.name
        pipelines[index].status.counters.recordsIn += 1
        if record["valid"] as? Bool == false && !sinkFixed {
            pipelines[index].status.counters.recordsDeadLettered += 1
            letters.append(
                DeadLetter(
                    id: makeLetterID(),
                    pipeline: name,
                    subject: "sluice.\(name).index",
                    reason: "sink refused: valid is false",
                    deliveries: deliveries,
                    failedAt: "2026-11-23T10:00:\(String(format: "%02d", letters.count % 60))Z",
                    payload: text
                )
            )
            return
        }
        let id = record["id"] as! String
        let version = (record["version"] as? NSNumber)?.int64Value ?? 1
        if let current = indexes[name]?[id], current.version > version { return }
        indexes[name, default: [:]][id] = IndexedDocument(id: id, version: version, text: text)
        pipelines[index].status.counters.recordsOut += 1
    }

    /// A record from one NDJSON line, or why it is malformed.
    static func parse(_ line: Substring) -> Result<[String: Any], LineFailure> {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) else {
            return .failure(LineFailure("not valid JSON"))
        }
        guard let record = object as? [String: Any] else {
            return .failure(LineFailure("not a JSON object"))
        }
        guard let id = record["id"] as? String, !id.isEmpty else {
            return .failure(LineFailure("missing string field \"id\""))
        }
        return .success(record)
    }
}

/// Why an ingested line was rejected.
struct LineFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
