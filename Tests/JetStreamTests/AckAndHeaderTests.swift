import NATS
import Testing

@testable import JetStream

@Suite struct AckAndHeaderTests {
    @Test func ackPayloads() {
        #expect(AckKind.ack.payload == "+ACK")
        #expect(AckKind.nak(delay: nil).payload == "-NAK")
        #expect(AckKind.nak(delay: .seconds(5)).payload == #"-NAK {"delay":5000000000}"#)
        #expect(AckKind.inProgress.payload == "+WPI")
        #expect(AckKind.term(reason: nil).payload == "+TERM")
        #expect(AckKind.term(reason: "malformed document").payload == "+TERM malformed document")
        #expect(!AckKind.inProgress.isFinal)
        #expect(AckKind.ack.isFinal)
    }

    @Test func headerBlocks() throws {
        let headers = try #require(HeaderBlock.parse(Array("NATS/1.0\r\nNats-Msg-Id: a\r\nX: 1\r\nX: 2\r\n\r\n".utf8)))
        #expect(headers["Nats-Msg-Id"] == "a")
        #expect(headers.values(for: "X") == ["1", "2"])
        #expect(headers.status == nil)
        let status = try #require(HeaderBlock.parse(Array("NATS/1.0 408 Request Timeout\r\nNats-Pending-Messages: 3\r\n\r\n".utf8)))
        #expect(status.status == 408)
        #expect(status.statusDescription == "Request Timeout")
        #expect(status["Nats-Pending-Messages"] == "3")
        #expect(HeaderBlock.parse(Array("HTTP/1.1 200 OK\r\n\r\n".utf8)) == nil)
    }

    @Test func durationsAsNanoseconds() {
        #expect(Duration.seconds(2).nanoseconds == 2_000_000_000)
        #expect(Duration.milliseconds(1500).nanoseconds == 1_500_000_000)
        #expect(Duration.nanoseconds(7).nanoseconds == 7)
        #expect(Duration.seconds(Int64.max).nanoseconds == Int64.max)
    }
}
