import NIOCore
import Testing

@testable import JetStream

@Suite struct PubAckTests {
    @Test func plainAckTakesTheFastPath() throws {
        let ack = try #require(PubAck.parseFast(ByteBuffer(string: Fixtures.pubAck)))
        #expect(ack == PubAck(stream: "RSFGA_CHANGES", sequence: 1))
    }

    @Test func duplicateAsTheServerWritesIt() throws {
        let ack = try PubAck.parse(ByteBuffer(string: Fixtures.pubAckDuplicate))
        #expect(ack.duplicate)
        #expect(ack.sequence == 2)
        #expect(PubAck.parseFast(ByteBuffer(string: Fixtures.pubAckDuplicate)) != nil)
    }

    @Test func domainAndOtherShapes() throws {
        let withDomain = try PubAck.parse(ByteBuffer(string: #"{"stream":"S","seq":9,"domain":"hub"}"#))
        #expect(withDomain.domain == "hub")
        let reordered = try PubAck.parse(ByteBuffer(string: #"{"seq":3, "stream":"S", "val":"5"}"#))
        #expect(reordered == PubAck(stream: "S", sequence: 3, value: "5"))
        #expect(PubAck.parseFast(ByteBuffer(string: #"{"seq":3,"stream":"S"}"#)) == nil)
    }

    @Test func errorAckThrowsTheTypedError() throws {
        let error = try #require(throws: JetStreamError.self) {
            try PubAck.parse(ByteBuffer(string: Fixtures.pubAckWrongSequence))
        }
        #expect(error.errorCode == .wrongLastSequence)
        #expect(error.apiError?.code == 400)
        #expect(error.message == "wrong last sequence: 2")
    }

    /// Found by the fuzz target FuzzJetStreamResponses: the fast path read a sequence with a leading zero, which is
    /// not JSON and which JSONDecoder refuses; and it read bytes that are not UTF-8 into a stream name.
    @Test func theFastPathReadsNothingJSONDecoderRefuses() throws {
        for reply: [UInt8] in [Array(#"{"stream":"S","seq":04}"#.utf8), Array(#"{"stream":"S"#.utf8) + [0xFF] + Array(#"","seq":4}"#.utf8)] {
            let buffer = ByteBuffer(bytes: reply)
            #expect(PubAck.parseFast(buffer) == nil, "\(reply)")
            #expect(throws: JetStreamError.self) { try PubAck.parse(buffer) }
        }
        #expect(PubAck.parseFast(ByteBuffer(string: #"{"stream":"S","seq":0}"#)) == PubAck(stream: "S", sequence: 0))
    }
}
