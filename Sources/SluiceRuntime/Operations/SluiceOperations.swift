public import NIOCore

/// What the operations API (`SluiceServer`) and the `sluice` command need from a running Sluice.
///
/// The runtime implements it; the HTTP server only translates requests into these calls.
public protocol SluiceOperations: Sendable {
    /// Every pipeline's state and counters, in configuration order.
    func pipelineStatuses() async -> [PipelineStatus]
    /// One pipeline's state and counters, or `nil` if there is no such pipeline.
    func pipelineStatus(named name: String) async -> PipelineStatus?
    /// Stops taking new records for a pipeline; what is in flight completes.
    func pause(pipeline name: String) async throws(OperationsError)
    /// Resumes a paused pipeline.
    func resume(pipeline name: String) async throws(OperationsError)
    /// Whether connections are up and pipelines running, and why not.
    func readiness() async -> Readiness
    /// Accepts an NDJSON body for a pipeline whose source is HTTP ingest.
    func ingest(pipeline name: String, body: ByteBuffer) async throws(OperationsError) -> IngestOutcome
    /// Full-text search in an embedded index.
    func search(_ query: SearchQuery) async throws(OperationsError) -> SearchResponse
    /// A page of dead letters, newest first, starting after `cursor` (a page's ``DeadLetterPage/nextCursor``; `nil`
    /// for the first page).
    func deadLetters(pipeline: String?, limit: Int, cursor: String?) async throws(OperationsError) -> DeadLetterPage
    /// One dead letter by id.
    func deadLetter(id: String) async throws(OperationsError) -> DeadLetter?
    /// Sends dead letters back to their pipeline's input (all of `pipeline`'s, or the given ids), one at a time, each
    /// removed once it was published; returns how many. A replay of a pipeline already being replayed is a conflict.
    func replayDeadLetters(pipeline: String?, ids: [String]?) async throws(OperationsError) -> Int
    /// Deletes dead letters (all of `pipeline`'s, or all); returns how many.
    func purgeDeadLetters(pipeline: String?) async throws(OperationsError) -> Int
}
