import Logging
import NATSTestSupport
import NIOCore
import SluiceSQLiteTransport
import Synchronization
import Testing

@testable import SluiceRuntime

/// The deliver stage on its own: batches of records from the real SQLite queue into a sink held in memory, with
/// per-record rejection, partial sink refusals, retries and the DLQ, checked by what the queue holds afterwards.
@Suite struct DeliverStageTests {
    /// A sink that keeps what it was given and answers as the test says.
    final class ScriptedSink: RecordSink {
        private let written = Mutex<[[SinkRecord]]>([])
        private let answer: @Sendable ([SinkRecord]) throws -> [SinkResult]

        init(_ answer: @escaping @Sendable ([SinkRecord]) throws -> [SinkResult] = { $0.map { _ in .delivered } }) {
            self.answer = answer
        }

        func prepare() async throws {}

        func write(_ records: [SinkRecord]) async throws -> [SinkResult] {
            written.withLock { $0.append(records) }
            return try answer(records)
        }

        /// The ids of every record written, write by write.
        var writes: [[String]] { written.withLock { $0.map { $0.map(\.envelope.resourceID) } } }
    }

    struct Failure: Error {}

    /// A stage of pipeline `orders` (records keyed by `id`, batches of `maxRecords`, backoff `[0ms]`, max deliver 2,
    /// and a filter keeping only `"kind": "order"`) over a new SQLite queue, with `sink`.
    func withStage(
        maxRecords: Int = 100,
        sink: ScriptedSink,
        _ body: (DeliverStage, SQLiteTransport) async throws -> Void
    ) async throws {
        let directory = try TestDirectory.make(prefix: "deliver-stage")
        defer { TestDirectory.remove(directory) }
        let config = try SluiceConfig.parse(
            """
            pipelines:
              - name: orders
                source: {type: http}
                record: {id_field: id}
                filters:
                  - where: {path: payload.kind, in: [order]}
                sink: {type: search_index, index: orders, fields: [title]}
                batch: {max_records: \(maxRecords)}
                retry: {backoff: [0ms], max_deliver: 2}
            """
        ).pipelines[0]
        let transport = try await SQLiteTransport.open(path: "\(directory)/queue.sqlite")
        let pipeline = try Pipeline(config: config, transport: transport, source: nil, sink: sink, logger: Logger(label: "test"))
        do {
            try await transport.prepare(pipeline.binding)
            try await body(pipeline.deliver, transport)
        } catch {
            await transport.close()
            throw error
        }
        await transport.close()
    }

    /// Publishes `records` as one batch message, as the ingest stage does.
    func publish(_ records: [String], to stage: DeliverStage, _ transport: SQLiteTransport) async throws {
        let payload = BatchCodec.encode(records.map { ByteBuffer(string: $0) })
        let message = TransportOutgoingMessage(
            subject: stage.binding.subject,
            payload: payload,
            headers: [SluiceHeader.batchCount: "\(records.count)"]
        )
        try await transport.publish([message])
    }

    /// Fetches what is ready and lets the stage handle it, as one of its workers would.
    func deliver(_ stage: DeliverStage, _ transport: SQLiteTransport) async throws -> Int {
        let messages = try await transport.fetch(stage.binding, batch: 10, expires: .milliseconds(100))
        for group in stage.groups(messages) { await stage.handle(group) }
        return messages.count
    }

    func record(_ id: String, kind: String = "order") -> String { #"{"id":"\#(id)","title":"t \#(id)","kind":"\#(kind)"}"# }

    @Test func badRecordsGoToTheDLQAloneAndTheRestReachTheSinkInOneWrite() async throws {
        let sink = ScriptedSink()
        try await withStage(sink: sink) { stage, transport in
            try await publish([record("a"), "{not json", #"{"title":"no id"}"#, record("b"), record("n", kind: "noise")], to: stage, transport)
            #expect(try await deliver(stage, transport) == 1)
            #expect(sink.writes == [["a", "b"]])
            let letters = try await transport.deadLetters(pipeline: "orders", limit: 10)
            #expect(letters.count == 2)
            #expect(letters.contains { $0.reason.hasPrefix("malformed JSON") && $0.payload == "{not json" })
            #expect(letters.contains { $0.reason.hasPrefix("missing id") })
            #expect(try await transport.pending(stage.binding) == 0)
            let counters = stage.counters.snapshot
            #expect(counters.recordsOut == 2)
            #expect(counters.recordsDeadLettered == 2)
            #expect(counters.recordsFiltered == 1)
        }
    }

    @Test func recordsTheSinkRefusesAreDeadLetteredWithItsReasonAndTheMessageIsAcknowledged() async throws {
        let sink = ScriptedSink { records in records.map { $0.envelope.resourceID == "b" ? .rejected("mapper_parsing_exception") : .delivered } }
        try await withStage(sink: sink) { stage, transport in
            try await publish([record("a"), record("b"), record("c")], to: stage, transport)
            _ = try await deliver(stage, transport)
            let letters = try await transport.deadLetters(pipeline: "orders", limit: 10)
            #expect(letters.map(\.reason) == ["mapper_parsing_exception"])
            #expect(letters.first?.payload.contains(#""resource_id":"b""#) == true)
            #expect(try await transport.pending(stage.binding) == 0)
            #expect(stage.counters.snapshot.recordsOut == 2)
        }
    }

    @Test func aFailingSinkIsRetriedThenItsRecordsGoToTheDLQAtMaxDeliver() async throws {
        let sink = ScriptedSink { _ in throw Failure() }
        try await withStage(sink: sink) { stage, transport in
            try await publish([record("a"), record("b")], to: stage, transport)
            // First delivery: the sink fails, the message is handed back (backoff 0 ms), nothing dead-lettered.
            #expect(try await deliver(stage, transport) == 1)
            #expect(try await transport.deadLetters(pipeline: "orders", limit: 10).isEmpty)
            #expect(try await transport.pending(stage.binding) == 1)
            // Second and last allowed delivery: the records go to the DLQ with the error, the message is settled.
            #expect(try await deliver(stage, transport) == 1)
            let letters = try await transport.deadLetters(pipeline: "orders", limit: 10)
            #expect(letters.count == 2)
            #expect(letters.allSatisfy { $0.reason.hasPrefix("gave up after 2 deliveries") && $0.deliveries == 2 })
            #expect(try await transport.pending(stage.binding) == 0)
            #expect(sink.writes.count == 2)
        }
    }

    @Test func anUnavailableSinkIsRetriedPastMaxDeliverAndNeverDeadLettered() async throws {
        let sink = ScriptedSink { _ in throw SinkUnavailable(reason: "circuit open") }
        try await withStage(sink: sink) { stage, transport in
            try await publish([record("a")], to: stage, transport)
            for _ in 0..<4 { #expect(try await deliver(stage, transport) == 1) }
            #expect(try await transport.deadLetters(pipeline: "orders", limit: 10).isEmpty)
            #expect(try await transport.pending(stage.binding) == 1)
        }
    }

    @Test func aMessageWhoseEveryRecordIsRejectedIsTerminatedNotRedelivered() async throws {
        let sink = ScriptedSink()
        try await withStage(sink: sink) { stage, transport in
            try await publish(["{bad", "{worse"], to: stage, transport)
            _ = try await deliver(stage, transport)
            #expect(sink.writes.isEmpty)
            #expect(try await transport.deadLetters(pipeline: "orders", limit: 10).count == 2)
            #expect(try await transport.pending(stage.binding) == 0)
            #expect(try await deliver(stage, transport) == 0)
        }
    }

    @Test func messagesAreGroupedUpToTheBatchSizeForTheSink() async throws {
        let sink = ScriptedSink()
        try await withStage(maxRecords: 3, sink: sink) { stage, transport in
            for number in 0..<4 { try await publish([record("a\(number)"), record("b\(number)")], to: stage, transport) }
            #expect(try await deliver(stage, transport) == 4)
            // Two records per message, at most three per write: each write takes one message's records.
            #expect(sink.writes == [["a0", "b0"], ["a1", "b1"], ["a2", "b2"], ["a3", "b3"]])
            #expect(try await transport.pending(stage.binding) == 0)
        }
    }
}
