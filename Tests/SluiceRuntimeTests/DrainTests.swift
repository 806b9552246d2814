import Foundation
import NATSTestSupport
import SluiceIndex
import SluiceSQLite
import SluiceSearchIndexConnector
import Testing

@testable import SluiceRuntime

/// A graceful shutdown in the middle of ingest, then a restart: every record ends indexed once or in the DLQ.
@Suite(.serialized) struct DrainTests {
    @Test(arguments: ["sqlite", "jetstream"])
    func drainMidIngestThenRestart(transport: String) async throws {
        let server = transport == "jetstream" ? try await TestNATSServer.start() : nil
        defer { if let server { Task { await server.stop() } } }
        let directory = try TestDirectory.make(prefix: "runtime-drain")
        defer { TestDirectory.remove(directory) }
        let count = 20_000
        var lines = Corpus.good(0..<count)
        lines.insert(contentsOf: Corpus.bad, at: count / 2)
        try Corpus.write(lines, to: directory)
        let config = try Corpus.config(directory: directory, transport: transport, natsURL: server?.url ?? "nats://127.0.0.1:1")

        let first = try await RuntimeHarness(config: config)
        try await first.waitUntil("ingest has started") { try await first.indexed() > 0 }
        try await first.drain()
        let indexedAfterDrain = try await RuntimeHarness.countIndexed(config: config)
        #expect(indexedAfterDrain < count, "the drain should have come before the end of the input")

        let second = try await RuntimeHarness(config: config)
        try await second.waitUntil("everything is indexed or dead-lettered") {
            let indexed = try await second.indexed()
            let dead = try await second.deadLetterCount()
            return indexed == count && dead == Corpus.bad.count
        }
        // Exactly once: one document per id, and nothing more arrives.
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await second.indexed() == count)
        #expect(try await second.deadLetterCount() == Corpus.bad.count)
        try await second.drain()
    }
}

extension RuntimeHarness {
    /// Documents in the index of a stopped runtime.
    static func countIndexed(config: SluiceConfig) async throws -> Int {
        let settings = config.section(SearchIndexSettings.self)
        let engine = try settings.engine(for: config)
        let path = settings.resolvedPath(dataDirectory: config.dataDirectory, engine: engine)
        switch engine {
        case .segment:
            let index = try #require(try SegmentIndex.openExisting(directory: "\(path)/docs"))
            defer { index.close() }
            return index.count
        case .fts5:
            let index = try await SluiceSQLite.SearchIndex.open(path: path)
            defer { Task { try? await index.close() } }
            return try await index.count(index: "docs")
        }
    }
}
