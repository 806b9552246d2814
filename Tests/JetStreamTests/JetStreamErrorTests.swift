import NIOCore
import Testing

@testable import JetStream

@Suite struct JetStreamErrorTests {
    @Test func apiErrorsBecomeTypedErrors() throws {
        let error = try #require(throws: JetStreamError.self) {
            try JetStreamJSON.decodeResponse(StreamInfo.self, from: ByteBuffer(string: Fixtures.streamNotFound))
        }
        #expect(error.code == .api)
        #expect(error.errorCode == .streamNotFound)
        #expect(error.apiError?.code == 404)
        #expect(error.apiError?.errorDescription == "stream not found")
        #expect(error.message == "stream not found")
        #expect("\(error)".contains("10059"))
    }

    @Test func wellKnownCodes() throws {
        let inUse = try #require(throws: JetStreamError.self) {
            try JetStreamJSON.decodeResponse(StreamInfo.self, from: ByteBuffer(string: Fixtures.streamNameInUse))
        }
        #expect(inUse.errorCode == .streamNameInUse)
        let deliverAll = try #require(throws: JetStreamError.self) {
            try JetStreamJSON.decodeResponse(ConsumerInfo.self, from: ByteBuffer(string: Fixtures.consumerMustDeliverAll))
        }
        #expect(deliverAll.errorCode == JetStreamErrorCode(rawValue: 10101))
        #expect(JetStreamErrorCode.consumerNotFound.rawValue == 10014)
        #expect(JetStreamErrorCode.wrongLastSequence.rawValue == 10071)
        #expect(JetStreamErrorCode.streamNameInUse.rawValue == 10058)
    }

    @Test func malformedResponsesAreInvalidResponse() throws {
        let error = try #require(throws: JetStreamError.self) {
            try JetStreamJSON.decodeResponse(StreamInfo.self, from: ByteBuffer(string: "not json"))
        }
        #expect(error.code == .invalidResponse)
        #expect(error.apiError == nil)
    }
}
