import FuzzSupport
import NIOCore

@testable import JetStream
@testable import NATS

/// The decoders of what the JetStream API answers: the input's first byte picks one, the rest is the reply. Each may
/// refuse the reply with an error but must not crash; the publish acknowledgement's hand-written fast path must agree
/// with `JSONDecoder` on every reply it reads.
@main enum FuzzJetStreamResponses {
    static func main() {
        runFuzzer { data, count in
            FuzzJetStreamResponses.test(fuzzInput(data, count))
            return 0
        }
    }

    static func test(_ input: UnsafeBufferPointer<UInt8>) {
        guard let selector = input.first else { return }
        let reply = ByteBuffer(bytes: input.dropFirst())
        switch selector % 12 {
        case 0: _ = try? JetStreamJSON.decodeResponse(StreamInfo.self, from: reply)
        case 1: _ = try? JetStreamJSON.decodeResponse(ConsumerInfo.self, from: reply)
        case 2: _ = try? JetStreamJSON.decodeResponse(AccountInfo.self, from: reply)
        case 3:
            if let fast = PubAck.parseFast(reply) {
                let decoded = try? JetStreamJSON.decodeResponse(PubAck.self, from: reply)
                require(decoded == fast, "the fast path read \(fast), JSONDecoder \(String(describing: decoded))")
            }
            _ = try? PubAck.parse(reply)
        case 4:
            if let response = try? JetStreamJSON.decodeResponse(MessageGetResponse.self, from: reply) {
                _ = try? StoredMessage(json: response.message)
            }
        case 5: _ = try? JetStreamJSON.decodeResponse(StreamPurgeResponse.self, from: reply)
        case 6: _ = try? JetStreamJSON.decodeResponse(SuccessResponse.self, from: reply)
        case 7: _ = try? JetStreamJSON.decodeResponse(ConsumerPauseResponse.self, from: reply)
        case 8: _ = try? JetStreamJSON.decodeResponse(StreamListResponse.self, from: reply)
        case 9: _ = try? JetStreamJSON.decodeResponse(ConsumerListResponse.self, from: reply)
        case 10: _ = try? MessageMetadata(ackSubject: String(buffer: reply))
        default: headerReplies(reply)
        }
    }

    /// Replies whose meaning is in their headers: pull status messages, direct gets, key-value markers.
    static func headerReplies(_ reply: ByteBuffer) {
        guard let headers = try? NATSHeaders(wireBytes: reply) else { return }
        let message = NATSMessage(subject: "reply", headers: headers)
        _ = PullStatus(message)
        _ = try? StoredMessage(directGetReply: message)
        _ = KeyValueOperation(headers: headers)
    }
}
