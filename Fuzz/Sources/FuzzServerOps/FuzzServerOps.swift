import FuzzSupport
import NIOCore

@testable import NATS

/// The NATS server-operation decoder (`ServerOpStream`, `ServerOpDecoder`, `NATSHeaders(wireBytes:)`): the input's
/// first byte picks a read size, the rest is the server's byte stream. The stream decoded in one read and in reads of
/// that size must give the same operations, and fail or not alike.
@main enum FuzzServerOps {
    static func main() {
        runFuzzer { data, count in
            FuzzServerOps.test(fuzzInput(data, count))
            return 0
        }
    }

    static func test(_ input: UnsafeBufferPointer<UInt8>) {
        guard let first = input.first else { return }
        let bytes = Array(input.dropFirst())
        let whole = decode(bytes, readSize: max(bytes.count, 1))
        let split = decode(bytes, readSize: Int(first % 64) + 1)
        require(whole == split, "one read gave \(whole), reads of \(Int(first % 64) + 1) bytes gave \(split)")
    }

    /// The operations decoded from `bytes` arriving in reads of `readSize`, and whether the stream was refused.
    static func decode(_ bytes: [UInt8], readSize: Int) -> [String] {
        var stream = ServerOpStream()
        var described: [String] = []
        var start = 0
        do {
            while start < bytes.count {
                let end = min(start + readSize, bytes.count)
                try stream.feed(ByteBuffer(bytes: bytes[start..<end]), allocator: ByteBufferAllocator()) { op in
                    described.append(describe(op))
                    return true
                }
                start = end
            }
        } catch {
            described.append("refused")
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
}
