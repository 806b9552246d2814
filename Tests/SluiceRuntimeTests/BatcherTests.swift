import NATSTestSupport
import NIOCore
import Testing

@testable import SluiceRuntime

@Suite struct BatcherTests {
    func record(_ text: String, offset: Int64) -> SourceRecord {
        SourceRecord(bytes: ByteBuffer(string: text), position: SourcePosition(file: "f", offset: offset))
    }

    @Test func flushesOnCount() {
        var batcher = Batcher(maxRecords: 2, maxBytes: 1000)
        #expect(batcher.append(record("{}", offset: 3))?.records == nil)
        let batch = batcher.append(record("{}", offset: 6))
        #expect(batch?.records.count == 2)
        #expect(batch?.lastPosition == SourcePosition(file: "f", offset: 6))
        #expect(batcher.flush()?.records == nil)
    }

    @Test func flushesOnBytesAndKeepsTheRecordThatDidNotFit() {
        var batcher = Batcher(maxRecords: 100, maxBytes: 10)
        #expect(batcher.append(record("12345", offset: 6))?.records == nil)
        let batch = batcher.append(record("67890", offset: 12))
        #expect(batch?.records.count == 1)
        #expect(batcher.flush()?.records.count == 1)
    }

    @Test func aBatchHoldsOneFileSoItsCheckpointCoversEveryRecord() {
        var batcher = Batcher(maxRecords: 100, maxBytes: 1000)
        #expect(batcher.append(record("{}", offset: 3))?.records == nil)
        let other = SourceRecord(bytes: ByteBuffer(string: "{}"), position: SourcePosition(file: "g", offset: 3))
        let batch = batcher.append(other)
        #expect(batch?.records.count == 1)
        #expect(batch?.lastPosition == SourcePosition(file: "f", offset: 3))
        #expect(batcher.flush()?.lastPosition == SourcePosition(file: "g", offset: 3))
    }

    @Test func codecRoundTripsRecords() {
        let body = BatchCodec.encode([ByteBuffer(string: #"{"a":1}"#), ByteBuffer(string: #"{"b":2}"#)])
        #expect(String(buffer: body) == "{\"a\":1}\n{\"b\":2}\n")
        #expect(BatchCodec.split(body).map { String(buffer: $0) } == [#"{"a":1}"#, #"{"b":2}"#])
    }

    @Test func ageFlushesAPartialBatch() async {
        var settings = BatchSettings()
        settings.maxRecords = 100
        settings.maxAge = .milliseconds(20)
        let input = BoundedChannel<SourceRecord>(capacity: 10)
        let output = BoundedChannel<RecordBatch>(capacity: 10)
        let stage = Task { await BatchingStage(settings: settings).run(input: input, output: output) }
        await input.send(record("{}", offset: 3))
        let batch = await output.receive()
        #expect(batch?.records.count == 1)
        input.finish()
        await stage.value
    }

    @Test func boundedChannelBlocksWhenFull() async {
        let channel = BoundedChannel<Int>(capacity: 1)
        #expect(await channel.send(1))
        let blocked = Task { await channel.send(2) }
        await waitUntil { channel.waitingSenders > 0 }
        #expect(channel.count == 1)
        #expect(await channel.receive() == 1)
        #expect(await blocked.value)
        #expect(await channel.receive() == 2)
    }

    /// An element handed out is no longer held by the channel: a batch of records between two stages lives only as
    /// long as its receiver keeps it, however many went through before.
    @Test func boundedChannelReleasesWhatItHandsOut() async {
        final class Payload: Sendable {}
        let channel = BoundedChannel<Payload>(capacity: 4)
        var handedOut: [Weak] = []
        for round in 0..<50 {
            let payload = Payload()
            handedOut.append(Weak(payload))
            #expect(await channel.send(payload))
            if round % 2 == 0 {
                #expect(await channel.receive() != nil)
            } else {
                #expect(channel.tryReceive() != nil)
            }
        }
        #expect(handedOut.allSatisfy { $0.object == nil }, "\(handedOut.count { $0.object != nil }) elements still held")
    }

    struct Weak {
        weak var object: AnyObject?
        init(_ object: AnyObject) { self.object = object }
    }
}
