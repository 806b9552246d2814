import NATSTestSupport
import NIOCore
import SluiceRuntime
import Testing

/// HTTP ingest as the runtime answers it: a body of many bad lines gets an answer of bounded size that still
/// counts every line.
@Suite struct HTTPIngestTests {
    @Test func manyBadLinesAreCountedAndOnlyTheFirstListed() async throws {
        let directory = try TestDirectory.make(prefix: "runtime-ingest")
        defer { TestDirectory.remove(directory) }
        try Corpus.write([], to: directory)
        let harness = try await RuntimeHarness(config: try Corpus.config(directory: directory, transport: "sqlite"))
        let body = ([#"{"id":"good-1","title":"kept"}"#] + Array(repeating: "{broken", count: 3000)).joined(separator: "\n")
        let outcome = try await harness.runtime.ingest(pipeline: "api", body: ByteBuffer(string: body))
        #expect(outcome.accepted == 1)
        #expect(outcome.rejectedCount == 3000)
        #expect(outcome.rejected.count == IngestOutcome.maximumListed)
        #expect(outcome.rejected.first?.line == 2)
        try await harness.waitUntil("the good line indexed") { try await harness.indexed() == 1 }
        try await harness.drain()
    }
}
