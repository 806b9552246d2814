import Testing

@testable import JetStream

@Suite struct MessageMetadataTests {
    @Test func oldLayout() throws {
        let metadata = try MessageMetadata(ackSubject: Fixtures.ackSubjects[0])
        #expect(metadata.stream == "EDGE")
        #expect(metadata.consumer == "edge-1")
        #expect(metadata.numDelivered == 1)
        #expect(metadata.streamSequence == 1)
        #expect(metadata.consumerSequence == 1)
        #expect(metadata.timestampNanoseconds == 1_795_463_692_056_480_467)
        #expect(metadata.numPending == 2)
        #expect(metadata.domain == nil)
        #expect(metadata.accountHash == nil)
        #expect(abs(metadata.timestamp.timeIntervalSince1970 - 1_795_463_692.056) < 0.001)
    }

    @Test func redelivery() throws {
        let metadata = try MessageMetadata(ackSubject: Fixtures.ackSubjects[2])
        #expect(metadata.numDelivered == 2)
        #expect(metadata.streamSequence == 1)
        #expect(metadata.consumerSequence == 4)
        #expect(metadata.numPending == 0)
    }

    @Test func newLayoutWithoutDomain() throws {
        let metadata = try MessageMetadata(ackSubject: "$JS.ACK._.ACCHASH.ORDERS.worker.3.100.250.1700000000000000000.7.RANDOMTOKEN")
        #expect(metadata.domain == nil)
        #expect(metadata.accountHash == "ACCHASH")
        #expect(metadata.stream == "ORDERS")
        #expect(metadata.consumer == "worker")
        #expect(metadata.numDelivered == 3)
        #expect(metadata.streamSequence == 100)
        #expect(metadata.consumerSequence == 250)
        #expect(metadata.timestampNanoseconds == 1_700_000_000_000_000_000)
        #expect(metadata.numPending == 7)
    }

    @Test func newLayoutWithDomainAndWithoutToken() throws {
        let metadata = try MessageMetadata(ackSubject: "$JS.ACK.hub.ACCHASH.ORDERS.worker.1.2.3.4.5")
        #expect(metadata.domain == "hub")
        #expect(metadata.stream == "ORDERS")
        #expect(metadata.numPending == 5)
        let extended = try MessageMetadata(ackSubject: "$JS.ACK.hub.ACCHASH.ORDERS.worker.1.2.3.4.5.token.more")
        #expect(extended == metadata)
    }

    @Test func rejectsOtherSubjects() {
        for subject in [
            "", "_INBOX.abc", "$JS.ACK.S.C.1.2.3.4", "$JS.ACK.d.h.S.C.1.2.3.4",
            "$JS.NAK.S.C.1.2.3.4.5", "$JS.ACK.S.C.x.2.3.4.5", "$JS.ACK.S.C.1.2.3.4.5.6",
        ] {
            #expect(throws: JetStreamError.self, "\(subject)") { try MessageMetadata(ackSubject: subject) }
        }
        let error = try? #require(throws: JetStreamError.self) { try MessageMetadata(ackSubject: "_INBOX.x") }
        #expect(error?.code == .notJetStreamMessage)
    }
}
