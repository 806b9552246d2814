import NIOCore
import Testing

@testable import NATS

@Suite struct ClientOpEncoderTests {
    private func encoded(_ body: (inout ByteBuffer) throws -> Void) rethrows -> String {
        var buffer = ByteBuffer()
        try body(&buffer)
        return String(buffer: buffer)
    }

    @Test func encodesPublish() throws {
        #expect(
            try encoded { try ClientOpEncoder.publish(subject: "a.b", replyTo: nil, headers: nil, payload: ByteBuffer(string: "hi"), into: &$0) }
                == "PUB a.b 2\r\nhi\r\n"
        )
        #expect(
            try encoded { try ClientOpEncoder.publish(subject: "a", replyTo: "r.1", headers: nil, payload: ByteBuffer(), into: &$0) }
                == "PUB a r.1 0\r\n\r\n"
        )
    }

    @Test func encodesHeadersKeepingCaseAndRepeats() throws {
        var headers = NATSHeaders()
        headers.append("Nats-Msg-Id", "1")
        headers.append("X-Tag", "a")
        headers.append("x-tag", "b")
        let text = try encoded {
            try ClientOpEncoder.publish(subject: "s", replyTo: nil, headers: headers, payload: ByteBuffer(string: "xyz"), into: &$0)
        }
        let block = "NATS/1.0\r\nNats-Msg-Id: 1\r\nX-Tag: a\r\nx-tag: b\r\n\r\n"
        #expect(text == "HPUB s \(block.utf8.count) \(block.utf8.count + 3)\r\n\(block)xyz\r\n")
        #expect(headers.wireLength == block.utf8.count)
    }

    @Test func headersRoundTrip() throws {
        var headers = NATSHeaders()
        headers.status = 408
        headers.statusDescription = "Request Timeout"
        headers.append("A", "1")
        headers.append("A", "2")
        var buffer = ByteBuffer()
        headers.write(to: &buffer)
        let parsed = try NATSHeaders(wireBytes: buffer)
        #expect(parsed == headers)
        #expect(parsed.values(for: "a") == ["1", "2"])
        #expect(parsed["a"] == "1")
    }

    @Test func encodesSubscribeAndUnsubscribe() {
        #expect(encoded { ClientOpEncoder.subscribe(subject: "a.*", queue: "q", sid: 12, into: &$0) } == "SUB a.* q 12\r\n")
        #expect(encoded { ClientOpEncoder.subscribe(subject: "a.>", queue: nil, sid: 1, into: &$0) } == "SUB a.> 1\r\n")
        #expect(encoded { ClientOpEncoder.unsubscribe(sid: 3, max: 10, into: &$0) } == "UNSUB 3 10\r\n")
        #expect(encoded { ClientOpEncoder.unsubscribe(sid: 3, max: nil, into: &$0) } == "UNSUB 3\r\n")
    }

    @Test func writesDecimalsWithoutStrings() {
        for value in [0, 9, 10, 99, 100, 123_456_789, Int.max] {
            #expect(encoded { $0.writeDecimal(value) } == String(value))
        }
    }

    @Test func rejectsBadHeaders() {
        #expect(throws: NATSError.self) { try NATSHeaders([("bad name", "v")]).validate() }
        #expect(throws: NATSError.self) { try NATSHeaders([("k", "line\r\nbreak")]).validate() }
        #expect(throws: NATSError.self) { try NATSHeaders([("k:x", "v")]).validate() }
    }

    @Test(arguments: ["", "a b", "a\tb", "a\r\nPUB x 1", "a\u{7F}"])
    func rejectsPublishSubjectsThatBreakFramingAndWritesNothing(_ subject: String) {
        var buffer = ByteBuffer(string: "PING\r\n")
        #expect(throws: NATSError.self) {
            try ClientOpEncoder.publish(subject: subject, replyTo: nil, headers: nil, payload: ByteBuffer(string: "x"), into: &buffer)
        }
        #expect(throws: NATSError.self) {
            try ClientOpEncoder.publish(subject: "ok", replyTo: subject, headers: nil, payload: ByteBuffer(string: "x"), into: &buffer)
        }
        #expect(String(buffer: buffer) == "PING\r\n")
    }

    @Test(arguments: ["a", "a.b", "$JS.API.CONSUMER.CREATE.S.C.orders.*", "a.>", "ünïcode.subject"])
    func leavesOtherPublishSubjectsToTheServer(_ subject: String) throws {
        #expect(
            try encoded { try ClientOpEncoder.publish(subject: subject, replyTo: nil, headers: nil, payload: ByteBuffer(), into: &$0) }
                == "PUB \(subject) 0\r\n\r\n"
        )
    }

    /// The word-at-a-time check agrees with a byte-by-byte one for every byte value at every place of subjects
    /// from 1 to 19 bytes long, both within the eight-byte words and in the tail after them.
    @Test func findsEveryFramingByteWhereverItIs() {
        var mismatches: [String] = []
        for length in 1..<20 {
            for position in 0..<length {
                for value in UInt8.min...UInt8.max {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[position] = value
                    let found = bytes.withUnsafeBytes { RawWriter.containsSpaceOrControl($0) }
                    if found != (value <= 0x20 || value == 0x7F) { mismatches.append("byte \(value) at \(position) of \(length)") }
                }
            }
        }
        #expect(mismatches.isEmpty)
        let beforeDEL = [UInt8](repeating: 0xFF, count: 7) + [0x7E]
        #expect(!beforeDEL.withUnsafeBytes { RawWriter.containsSpaceOrControl($0) })
    }

    @Test(arguments: ["a", "a.b.c", "a.*", "*.b", "a.>", ">", "$JS.API.INFO"])
    func acceptsSubscribeSubjects(_ subject: String) throws {
        try SubjectValidation.validateSubscribe(subject)
    }

    @Test(arguments: ["a.>.b", "a*", "a.b*", ">a", "a..b"])
    func rejectsBadSubscribeSubjects(_ subject: String) {
        #expect(throws: NATSError.self) { try SubjectValidation.validateSubscribe(subject) }
    }
}
