import NATSTestSupport
import NIOCore
import SluiceCore
import Testing

@testable import SluiceRuntime

/// `replayDeadLetters` on both transports: the original bytes go back, each letter is published once even when
/// two replays are asked for at once, and a replay already running is a conflict.
@Suite(.serialized) struct DeadLetterReplayTests {
    /// A record that is not UTF-8 (nor JSON): the deliver stage dead-letters it again when it comes back.
    static let notUTF8: [UInt8] = [0x7B, 0xFF, 0xFE, 0x22, 0xC3, 0x28, 0x80, 0x7D]

    @Test(arguments: ["sqlite", "jetstream"])
    func aRecordThatIsNotUTF8ComesBackByteForByte(transport: String) async throws {
        try await withRuntime(transport) { harness in
            let original = try await deadLetter(Self.notUTF8, in: harness)
            #expect(try await harness.runtime.replayDeadLetters(pipeline: "docs", ids: nil) == 1)
            try await harness.waitUntil("the replayed record is dead-lettered again") {
                try await harness.runtime.deadLetters(pipeline: "docs", limit: 10, cursor: nil).letters.contains { $0.id != original.id }
            }
            let letters = try await harness.runtime.deadLetters(pipeline: "docs", limit: 10, cursor: nil).letters
            #expect(letters.map(\.id).contains(original.id) == false)
            let again = try #require(letters.first)
            #expect(Array(again.rawPayload.readableBytesView) == Self.notUTF8)
            #expect(again.deliveries > original.deliveries)
        }
    }

    @Test(arguments: ["sqlite", "jetstream"])
    func twoReplaysAtOnceSendEachLetterOnce(transport: String) async throws {
        try await withRuntime(transport) { harness in
            let count = 200
            for number in 0..<count { _ = try await deadLetter(Array("{\"broken\": \(number)".utf8), in: harness) }
            async let first = outcome { try await harness.runtime.replayDeadLetters(pipeline: "docs", ids: nil) }
            async let second = outcome { try await harness.runtime.replayDeadLetters(pipeline: nil, ids: nil) }
            let outcomes = await [first, second]
            #expect(outcomes.compactMap(\.replayed).reduce(0, +) >= count)
            #expect(outcomes.allSatisfy { $0.replayed != nil || $0.error?.code == .conflict })
            // Every record came back once and was dead-lettered again (it is still broken): no more, no fewer.
            try await harness.waitUntil("every replayed record is dead-lettered again") {
                let pending = try await harness.runtime.transport.pending(harness.runtime.pipelines[0].binding)
                let dead = try await harness.deadLetterCount()
                return pending == 0 && dead == count
            }
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await harness.deadLetterCount() == count)
        }
    }

    @Test(arguments: ["sqlite", "jetstream"])
    func aReplayOfPipelinesBeingReplayedByAnotherProcessIsAConflict(transport: String) async throws {
        try await withRuntime(transport) { harness in
            let letter = try await deadLetter(Self.notUTF8, in: harness)
            // Another process sharing the transport: its own connection to the same server or file.
            let other = try await harness.openAnotherTransport()
            #expect(try await other.claimDeadLetterReplay(pipeline: "docs", holder: "another-process", lease: .seconds(30)))
            let error = await #expect(throws: OperationsError.self) {
                _ = try await harness.runtime.replayDeadLetters(pipeline: nil, ids: [letter.id])
            }
            #expect(error?.code == .conflict)
            #expect(try await harness.runtime.deadLetter(id: letter.id) != nil)
            try await other.releaseDeadLetterReplay(pipeline: "docs", holder: "another-process")
            await other.close()
            #expect(try await harness.runtime.replayDeadLetters(pipeline: nil, ids: [letter.id]) == 1)
            // The replay ended its claim: the other process may replay now.
            let again = try await harness.openAnotherTransport()
            #expect(try await again.claimDeadLetterReplay(pipeline: "docs", holder: "another-process", lease: .seconds(30)))
            await again.close()
        }
    }

    /// What one replay call ended with.
    struct Outcome: Sendable {
        var replayed: Int?
        var error: OperationsError?
    }

    func outcome(_ body: () async throws -> Int) async -> Outcome {
        do {
            return Outcome(replayed: try await body())
        } catch {
            return Outcome(error: error as? OperationsError)
        }
    }

    /// Stores `payload` as a dead letter of pipeline `docs` and returns it.
    func deadLetter(_ payload: [UInt8], in harness: RuntimeHarness) async throws -> DeadLetter {
        let binding = harness.runtime.pipelines[0].binding
        try await harness.runtime.transport.deadLetter(
            OutgoingDeadLetter(
                pipeline: "docs",
                originalSubject: binding.subject,
                deadLetterSubject: binding.deadLetterSubject,
                reason: "test",
                deliveries: 1,
                payload: ByteBuffer(bytes: payload)
            )
        )
        return try #require(try await harness.runtime.deadLetters(pipeline: "docs", limit: 1, cursor: nil).letters.first)
    }

    /// Runs `body` with a runtime on `transport` whose one pipeline `docs` takes HTTP ingest into a search index.
    func withRuntime(_ transport: String, _ body: (RuntimeHarness) async throws -> Void) async throws {
        if transport == "jetstream" {
            try await TestNATSServer.withServer { server in try await run(transport, natsURL: server.url, body) }
        } else {
            try await run(transport, natsURL: "nats://127.0.0.1:1", body)
        }
    }

    private func run(_ transport: String, natsURL: String, _ body: (RuntimeHarness) async throws -> Void) async throws {
        let directory = try TestDirectory.make(prefix: "replay-\(transport)")
        defer { TestDirectory.remove(directory) }
        let config = try SluiceConfig.parse(
            """
            transport: \(transport)
            nats: {url: "\(natsURL)"}
            data_dir: \(directory)/state
            pipelines:
              - name: docs
                source: {type: http}
                record: {id_field: id}
                sink: {type: search_index, index: docs, fields: [title]}
                retry: {backoff: [50ms], max_deliver: 2}
            """,
            file: "test.yaml"
        )
        let harness = try await RuntimeHarness(config: config)
        do {
            try await body(harness)
        } catch {
            try? await harness.drain()
            throw error
        }
        try await harness.drain()
    }
}
