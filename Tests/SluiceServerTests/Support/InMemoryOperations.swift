import Foundation
import NIOCore
import SluiceRuntime

/// A small, complete Sluice in memory, for testing the HTTP layer against real behaviour.
///
/// Pipelines whose source is `http` take NDJSON records with a string `id`; accepted records are
/// indexed in an index named after the pipeline, malformed ones are rejected, and records whose
/// `"valid"` field is `false` are dead-lettered (as a sink would refuse them). Ingest backs up once
/// `capacity` records wait in a pipeline, and is unavailable while the instance is not ready.
actor InMemoryOperations: SluiceOperations {
    /// One pipeline: its status, and how many accepted records it can still hold.
    struct Pipeline {
        var status: PipelineStatus
        var capacity: Int
    }

    var pipelines: [Pipeline]
    var readinessReport = Readiness(ready: true)
    /// Documents by index, then id.
    var indexes: [String: [String: IndexedDocument]] = [:]
    /// Dead letters, oldest first.
    var letters: [DeadLetter] = []
    /// Once true, the sink takes records with `"valid": false` too (a fix was deployed).
    var sinkFixed = false
    /// The last search asked for, to check how the server read the query string.
    var lastSearch: SearchQuery?
    private var nextLetter = 1

    init(pipelines: [PipelineStatus], capacity: Int = 1000) {
        self.pipelines = pipelines.map { Pipeline(status: $0, capacity: capacity) }
        for pipeline in pipelines where pipeline.sink == "search_index" {
            indexes[pipeline.name] = [:]
        }
    }

    /// Deploys the fix: from now on the sink takes every record.
    func fixSink() {
        sinkFixed = true
    }

    /// Replaces what ``readiness()`` reports.
    func setReadiness(_ readiness: Readiness) {
        readinessReport = readiness
    }

    func pipelineStatuses() -> [PipelineStatus] {
        pipelines.map(\.status)
    }

    func pipelineStatus(named name: String) -> PipelineStatus? {
        pipelines.first { $0.status.name == name }?.status
    }

    func pause(pipeline name: String) throws(OperationsError) {
        try setState(of: name, to: .paused, allowedFrom: [.running, .paused, .starting])
    }

    func resume(pipeline name: String) throws(OperationsError) {
        try setState(of: name, to: .running, allowedFrom: [.paused, .running])
    }

    func readiness() -> Readiness {
        readinessReport
    }

    func search(_ query: SearchQuery) throws(OperationsError) -> SearchResponse {
        lastSearch = query
        guard let documents = indexes[query.index] else {
            throw OperationsError(.notFound, "no index named \"\(query.index)\"")
        }
        let hits = documents.values.compactMap { $0.hit(for: query.query) }
            .sorted { ($0.score, $1.id) > ($1.score, $0.id) }
        return SearchResponse(index: query.index, total: hits.count, hits: Array(hits.dropFirst(query.offset).prefix(query.limit)))
    }

    /// The index of the pipeline named `name`.
    func pipelineIndex(_ name: String) throws(OperationsError) -> Int {
        guard let index = pipelines.firstIndex(where: { $0.status.name == name }) else {
            throw OperationsError(.notFound, "no pipeline named \"\(name)\"")
        }
        return index
    }

    private func setState(
        of name: String,
        to state: PipelineStatus.State,
        allowedFrom: Set<PipelineStatus.State>
    ) throws(OperationsError) {
        let index = try pipelineIndex(name)
        let current = pipelines[index].status.state
        guard allowedFrom.contains(current) else {
            throw OperationsError(.conflict, "pipeline \"\(name)\" is \(current.rawValue)")
        }
        pipelines[index].status.state = state
    }

    /// A new dead-letter id, increasing so that newest-first order is id order.
    func makeLetterID() -> String {
        defer { nextLetter += 1 }
        return String(format: "dl-%04d", nextLetter)
    }
}
