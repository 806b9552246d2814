import Foundation
import NATSTestSupport
import NIOCore
import SluiceCore
import Testing

@testable import SluiceRuntime

/// File and HTTP ingest → transport → index → search, with the DLQ and replay, on both transports.
@Suite(.serialized) struct EndToEndTests {
    @Test func sqliteTransport() async throws {
        let directory = try TestDirectory.make(prefix: "runtime-sqlite")
        defer { TestDirectory.remove(directory) }
        try await endToEnd(directory: directory, transport: "sqlite", natsURL: "nats://127.0.0.1:1")
    }

    @Test func jetStreamTransport() async throws {
        try await TestNATSServer.withServer { server in
            let directory = try TestDirectory.make(prefix: "runtime-js")
            defer { TestDirectory.remove(directory) }
            try await endToEnd(directory: directory, transport: "jetstream", natsURL: server.url)
        }
    }

    func endToEnd(directory: String, transport: String, natsURL: String) async throws {
        let good = Corpus.good(0..<500)
        var lines = good
        lines.insert(contentsOf: Corpus.bad, at: 250)
        try Corpus.write(lines, to: directory)

        let harness = try await RuntimeHarness(config: try Corpus.config(directory: directory, transport: transport, natsURL: natsURL))
        #expect(harness.runtime.transport.name == transport)
        try await harness.waitUntil("500 documents indexed and 4 dead letters") {
            let indexed = try await harness.indexed()
            let dead = try await harness.deadLetterCount()
            return indexed == 500 && dead == 4
        }

        // Search finds the documents.
        let found = try await harness.runtime.search(SearchQuery(index: "docs", query: "river", limit: 5))
        #expect(found.total == 500)
        #expect(found.hits.count == 5)

        // Every bad record is in the DLQ with its reason and original subject.
        let letters = try await harness.runtime.deadLetters(pipeline: "docs", limit: 10, cursor: nil).letters
        let reasons = letters.map(\.reason)
        #expect(reasons.contains { $0.hasPrefix("malformed JSON") })
        #expect(reasons.contains { $0.hasPrefix("missing id") })
        #expect(reasons.contains { $0.contains("validation_failed") && $0.contains("price") })
        #expect(reasons.contains { $0.contains("over the limit of 2000") })
        #expect(letters.allSatisfy { $0.pipeline == "docs" && !$0.subject.isEmpty })
        let typed = try #require(letters.first { $0.reason.contains("validation_failed") })
        #expect(typed.subject == "sluice.docs.docs.updated")

        // HTTP ingest: good lines are indexed, malformed ones named.
        let outcome = try await harness.runtime.ingest(
            pipeline: "api",
            body: ByteBuffer(string: #"{"id":"h1","title":"heron"}"# + "\n{oops\n" + #"{"id":"h2","title":"heron two"}"#)
        )
        #expect(outcome.accepted == 2)
        #expect(outcome.rejected.map(\.line) == [2])
        try await harness.waitUntil("HTTP documents indexed") { try await harness.indexed() == 502 }
        #expect(try await harness.runtime.search(SearchQuery(index: "docs", query: "heron")).total == 2)
        try await harness.drain()

        // Fix the configuration (no price type check), restart, replay the wrong-typed record.
        let fixed = try await RuntimeHarness(
            config: try Corpus.config(directory: directory, transport: transport, natsURL: natsURL, validate: false)
        )
        #expect(try await fixed.indexed() == 502)
        let replayed = try await fixed.runtime.replayDeadLetters(pipeline: "docs", ids: [typed.id])
        #expect(replayed == 1)
        try await fixed.waitUntil("the replayed record is indexed") { try await fixed.indexed() == 503 }
        #expect(try await fixed.deadLetterCount() == 3)
        #expect(try await fixed.runtime.purgeDeadLetters(pipeline: "docs") == 3)
        #expect(try await fixed.deadLetterCount() == 0)
        try await fixed.drain()
    }
}
