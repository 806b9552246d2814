import NIOCore
import NIOEmbedded
import Testing

@testable import NATS

@Suite struct ServerOpDecoderTests {
    private static let stream =
        "INFO {\"server_id\":\"S1\",\"version\":\"2.11.0\",\"max_payload\":1048576,\"headers\":true,\"connect_urls\":[\"10.0.0.2:4222\"]}\r\n"
        + "PING\r\nPONG\r\n+OK\r\n-ERR 'Authorization Violation'\r\n"
        + "MSG foo.bar 7 5\r\nhello\r\n"
        + "MSG foo.baz 8 _INBOX.x.1 0\r\n\r\n"
        + "HMSG a.b 9 reply.to 36 39\r\nNATS/1.0 503 No Responders\r\nK: v\r\n\r\nabc\r\n"

    /// Feeds `text` in chunks of `chunk` bytes through a `ServerOpStream`, as reads arrive, and returns every op.
    private func decode(_ text: String, chunk: Int) throws -> [ServerOp] {
        var stream = ServerOpStream()
        let bytes = Array(text.utf8)
        var ops: [ServerOp] = []
        var index = 0
        while index < bytes.count {
            let end = min(index + chunk, bytes.count)
            try stream.feed(ByteBuffer(bytes: bytes[index..<end]), allocator: ByteBufferAllocator()) {
                ops.append($0)
                return true
            }
            index = end
        }
        return ops
    }

    /// The same through NIO's `ByteToMessageHandler` on an `EmbeddedChannel`, as a cross-check of the decoder alone.
    @Test(arguments: [1, 5, 100_000])
    func decoderAloneOnAnEmbeddedChannel(chunk: Int) throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ServerOpDecoder()))
        let bytes = Array(Self.stream.utf8)
        var count = 0
        var index = 0
        while index < bytes.count {
            let end = min(index + chunk, bytes.count)
            try channel.writeInbound(ByteBuffer(bytes: bytes[index..<end]))
            while try channel.readInbound(as: ServerOp.self) != nil { count += 1 }
            index = end
        }
        #expect(count == 8)
        #expect(try channel.finish().isClean)
    }

    @Test(arguments: [1, 2, 3, 7, 64, 100_000])
    func decodesEveryOperationWhateverTheSplit(chunk: Int) throws {
        let ops = try decode(Self.stream, chunk: chunk)
        try #require(ops.count == 8)
        guard case .info(let info) = ops[0] else {
            Issue.record("expected INFO")
            return
        }
        #expect(info.serverID == "S1")
        #expect(info.maxPayload == 1_048_576)
        #expect(info.connectURLs == ["10.0.0.2:4222"])
        guard case .ping = ops[1], case .pong = ops[2], case .ok = ops[3] else {
            Issue.record("expected PING PONG +OK")
            return
        }
        guard case .error(let text) = ops[4] else {
            Issue.record("expected -ERR")
            return
        }
        #expect(text == "Authorization Violation")
        guard case .message(let first) = ops[5], case .message(let second) = ops[6], case .message(let third) = ops[7] else {
            Issue.record("expected three messages")
            return
        }
        #expect(first.sid == 7 && first.message.subject == "foo.bar" && first.message.string == "hello" && first.message.replyTo == nil)
        #expect(second.sid == 8 && second.message.replyTo == "_INBOX.x.1" && second.message.payload.readableBytes == 0)
        #expect(third.sid == 9 && third.message.replyTo == "reply.to" && third.message.string == "abc")
        #expect(third.message.status == 503)
        #expect(third.message.statusDescription == "No Responders")
        #expect(third.message.headers?["K"] == "v")
    }

    @Test func acceptsLowercaseOperations() throws {
        let ops = try decode("ping\r\nmsg a 1 2\r\nhi\r\n", chunk: 4)
        #expect(ops.count == 2)
    }

    @Test(arguments: [1, 3, 100])
    func acceptsTabsAndRunsOfSpacesBetweenFields(chunk: Int) throws {
        let ops = try decode("MSG\ta.b\t3\t2\r\nhi\r\nMSG  c   4  r.1   1 \r\nx\r\nHMSG\td 5 \t12\t14\r\nNATS/1.0\r\n\r\nok\r\n", chunk: chunk)
        try #require(ops.count == 3)
        guard case .message(let first) = ops[0], case .message(let second) = ops[1], case .message(let third) = ops[2] else {
            Issue.record("expected three messages")
            return
        }
        #expect(first.message.subject == "a.b" && first.sid == 3 && first.message.string == "hi")
        #expect(second.message.subject == "c" && second.sid == 4 && second.message.replyTo == "r.1" && second.message.string == "x")
        #expect(third.message.subject == "d" && third.sid == 5 && third.message.string == "ok" && third.message.headers != nil)
    }

    @Test func decodesLargePayloads() throws {
        let payload = String(repeating: "x", count: 1_000_000)
        let ops = try decode("MSG big 1 \(payload.utf8.count)\r\n\(payload)\r\nPING\r\n", chunk: 65_536)
        #expect(ops.count == 2)
        guard case .message(let message) = ops.first else {
            Issue.record("no message")
            return
        }
        #expect(message.message.payload.readableBytes == 1_000_000)
    }

    @Test(arguments: [
        "BOGUS\r\n",
        "MSG a 1\r\n",
        "MSG a x 3\r\nabc\r\n",
        "MSG a 1 3\r\nabcXY",
        "HMSG a 1 10 5\r\n0123456789\r\n",
        "HMSG a 1 5 5\r\nXATS/\r\n",
        "INFO {not json}\r\n",
        "MSG a 1 99999999999\r\n",
    ])
    func rejectsMalformedInput(_ input: String) throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ServerOpDecoder()))
        #expect(throws: NATSError.self) {
            try channel.writeInbound(ByteBuffer(string: input))
        }
        _ = try? channel.finish()
    }

    @Test func rejectsAnEndlessControlLine() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ServerOpDecoder()))
        let chunk = ByteBuffer(repeating: UInt8(ascii: "a"), count: 16 * 1024)
        var thrown = false
        for _ in 0..<8 where !thrown {
            do { try channel.writeInbound(chunk) } catch { thrown = true }
        }
        #expect(thrown)
        _ = try? channel.finish()
    }
}
