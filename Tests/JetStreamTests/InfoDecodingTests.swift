import Foundation
import NIOCore
import Testing

@testable import JetStream

@Suite struct InfoDecodingTests {
    @Test func streamInfo() throws {
        let info = try JetStreamJSON.decodeResponse(StreamInfo.self, from: ByteBuffer(string: Fixtures.streamInfo))
        #expect(info.config.name == "EDGE")
        #expect(info.state.messages == 3)
        #expect(info.state.bytes == 123)
        #expect(info.state.firstSequence == 1)
        #expect(info.state.lastSequence == 3)
        #expect(info.state.subjectCount == 1)
        #expect(info.state.consumerCount == 1)
        #expect(info.cluster?.leader?.hasPrefix("NAEU") == true)
        let first = try #require(info.state.firstTime)
        #expect(abs(first.timeIntervalSince1970 - 1_795_463_692.056_480_467) < 0.000_01)
    }

    @Test func accountInfo() throws {
        let info = try JetStreamJSON.decodeResponse(AccountInfo.self, from: ByteBuffer(string: Fixtures.accountInfo))
        #expect(info.storage == 154)
        #expect(info.reservedStorage == 1_073_741_824)
        #expect(info.streams == 1)
        #expect(info.limits.maxStreams == -1)
        #expect(info.limits.maxBytesRequired == false)
        #expect(info.api.level == 5)
        #expect(info.api.errors == 3)
    }

    @Test func storedMessageFromMessageGet() throws {
        let response = try JetStreamJSON.decodeResponse(MessageGetResponse.self, from: ByteBuffer(string: Fixtures.messageGet))
        let message = try StoredMessage(json: response.message)
        #expect(message.subject == "rsfga.changes.s1.write.doc")
        #expect(message.sequence == 2)
        #expect(message.headers?["Nats-Msg-Id"] == "a")
        #expect(String(buffer: message.payload) == "hello")
        #expect(message.time != nil)
    }
}
