import NIOCore
import Testing

@testable import NATS

/// The stream of server operations whatever the read boundaries, and the payload limit the server announces.
@Suite struct ServerOpStreamTests {
    /// Feeds `bytes` cut at `cuts` through one stream and describes every operation that comes out.
    func decode(_ bytes: [UInt8], cuts: [Int]) throws -> [String] {
        var stream = ServerOpStream()
        var described: [String] = []
        var start = 0
        for end in cuts + [bytes.count] where end > start {
            try stream.feed(ByteBuffer(bytes: bytes[start..<end]), allocator: ByteBufferAllocator()) { op in
                described.append(Self.describe(op))
                return true
            }
            start = end
        }
        return described
    }

    static func describe(_ op: ServerOp) -> String {
        switch op {
        case .info(let info): "INFO \(info.serverID) \(info.maxPayload)"
        case .message(let inbound):
            "MSG \(inbound.sid) \(inbound.message.subject) \(inbound.message.replyTo ?? "-") "
                + "\(inbound.message.headers.map { "\($0)" } ?? "-") \(Array(inbound.message.payload.readableBytesView))"
        case .ping: "PING"
        case .pong: "PONG"
        case .ok: "+OK"
        case .error(let text): "-ERR \(text)"
        }
    }

    /// A random stream of operations: messages with and without headers and replies, payloads holding CR and LF,
    /// and control operations between them.
    static func randomStream(using random: inout SeededGenerator) -> [UInt8] {
        var text: [UInt8] = []
        for number in 0..<Int.random(in: 1...40, using: &random) {
            switch Int.random(in: 0..<6, using: &random) {
            case 0: text += Array("PING\r\n".utf8)
            case 1: text += Array("+OK\r\n".utf8)
            case 2: text += Array("INFO {\"server_id\":\"S\(number)\",\"max_payload\":1048576}\r\n".utf8)
            default:
                let payload = (0..<Int.random(in: 0...3000, using: &random)).map { _ in
                    [UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8.random(in: 0...255, using: &random)].randomElement(using: &random)!
                }
                let reply = Bool.random(using: &random) ? " _INBOX.r\(number)" : ""
                if Bool.random(using: &random) {
                    let headers = Array("NATS/1.0\r\nK: v\(number)\r\n\r\n".utf8)
                    text += Array("HMSG s.\(number) \(number)\(reply) \(headers.count) \(headers.count + payload.count)\r\n".utf8)
                    text += headers
                } else {
                    text += Array("MSG s.\(number) \(number)\(reply) \(payload.count)\r\n".utf8)
                }
                text += payload + Array("\r\n".utf8)
            }
        }
        return text
    }

    @Test func theSameOperationsComeOutWhateverTheReadBoundaries() async throws {
        for seed in 1...80 {
            // Seconds of work in all: handing the thread back between seeds keeps the tests beside it running.
            await Task.yield()
            var random = SeededGenerator(state: UInt64(seed))
            let bytes = Self.randomStream(using: &random)
            let whole = try decode(bytes, cuts: [])
            let cuts = (0..<Int.random(in: 1...60, using: &random)).map { _ in Int.random(in: 0...bytes.count, using: &random) }.sorted()
            #expect(try decode(bytes, cuts: cuts) == whole, "seed \(seed)")
            let everyByte = Array(stride(from: 1, to: min(bytes.count, 1500), by: 1))
            #expect(try decode(bytes, cuts: everyByte) == whole, "seed \(seed), byte by byte")
        }
    }

    @Test func aLargeMessageInSmallReadsArrivesWhole() throws {
        let size = 16 * 1024 * 1024
        var bytes = ByteBuffer(string: "INFO {\"server_id\":\"S\",\"max_payload\":67108864}\r\nMSG big 1 \(size)\r\n")
        bytes.writeRepeatingByte(7, count: size - 1)
        bytes.writeString("!\r\nPING\r\n")
        var stream = ServerOpStream()
        var payload: ByteBuffer?
        var ops = 0
        while bytes.readableBytes > 0 {
            let read = bytes.readSlice(length: min(65_536, bytes.readableBytes))!
            try stream.feed(read, allocator: ByteBufferAllocator()) { op in
                ops += 1
                if case .message(let inbound) = op { payload = inbound.message.payload }
                return true
            }
        }
        #expect(ops == 3)
        #expect(payload?.readableBytes == size)
        #expect(payload?.getString(at: payload!.readerIndex + size - 1, length: 1) == "!")
    }

    @Test func aMessageOverTheServersMaxPayloadIsRefusedBeforeItsPayloadArrives() throws {
        var stream = ServerOpStream()
        let info = ByteBuffer(string: "INFO {\"server_id\":\"S\",\"max_payload\":1024}\r\n")
        try stream.feed(info, allocator: ByteBufferAllocator()) { _ in true }
        #expect(stream.maxPayload == 1024)
        #expect(throws: NATSError.self) {
            try stream.feed(ByteBuffer(string: "MSG a 1 2048\r\n"), allocator: ByteBufferAllocator()) { _ in true }
        }
        var fresh = ServerOpStream()
        try fresh.feed(ByteBuffer(string: "MSG a 1 2048\r\n"), allocator: ByteBufferAllocator()) { _ in true }
    }

    /// A control line over the limit is refused whether it arrives in one read or in many; before, a whole one in a
    /// single read was decoded while the same line in pieces was refused.
    @Test func aControlLineOverTheLimitIsRefusedWhateverTheReads() throws {
        let urls = (0..<4000).map { "\"10.0.\($0 / 250).\($0 % 250):4222\"" }.joined(separator: ",")
        let line = Array("INFO {\"server_id\":\"S\",\"connect_urls\":[\(urls)]}\r\n".utf8)
        #expect(line.count > ServerOpDecoder.maxControlLineLength)
        #expect(throws: NATSError.self) { try decode(line, cuts: []) }
        #expect(throws: NATSError.self) { try decode(line, cuts: Array(stride(from: 1000, to: line.count, by: 1000))) }
        let fits = Array(
            "INFO {\"server_id\":\"S\",\"connect_urls\":[\(urls.prefix(60_000).split(separator: ",").dropLast().joined(separator: ","))]}\r\n".utf8
        )
        #expect(try decode(fits, cuts: []) == decode(fits, cuts: Array(stride(from: 1000, to: fits.count, by: 1000))))
    }
}
