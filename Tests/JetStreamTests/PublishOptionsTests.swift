import NATS
import Testing

@testable import JetStream

@Suite struct PublishOptionsTests {
    @Test func noOptionsLeaveHeadersAlone() throws {
        #expect(try PublishOptions().apply(to: nil) == nil)
        #expect(try PublishOptions().apply(to: ["X": "1"]) == ["X": "1"])
    }

    @Test func everyOptionBecomesItsHeader() throws {
        let options = PublishOptions(
            messageID: "01HXYZ",
            expectedStream: "ORDERS",
            expectedLastSequence: 7,
            expectedLastSubjectSequence: 0,
            expectedLastMessageID: "01HXYY",
            ttl: .seconds(90)
        )
        let headers = try #require(try options.apply(to: ["traceparent": "00-abc-01"]))
        #expect(headers["traceparent"] == "00-abc-01")
        #expect(headers["Nats-Msg-Id"] == "01HXYZ")
        #expect(headers["Nats-Expected-Stream"] == "ORDERS")
        #expect(headers["Nats-Expected-Last-Sequence"] == "7")
        #expect(headers["Nats-Expected-Last-Subject-Sequence"] == "0")
        #expect(headers["Nats-Expected-Last-Msg-Id"] == "01HXYY")
        #expect(headers["Nats-TTL"] == "90")
    }

    @Test func ttlIsWholeSecondsOfAtLeastOne() throws {
        #expect(try PublishOptions(ttl: .milliseconds(1500)).apply(to: nil)?["Nats-TTL"] == "2")
        #expect(throws: JetStreamError.self) { try PublishOptions(ttl: .milliseconds(500)).apply(to: nil) }
    }
}
