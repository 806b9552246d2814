import NATS
import NIOCore
import Testing

@testable import JetStream

@Suite struct PullStatusTests {
    private func status(_ code: Int, _ description: String, _ extra: [(String, String)] = []) -> PullStatus? {
        var headers = NATSHeaders(extra)
        headers.status = code
        headers.statusDescription = description
        return PullStatus(NATSMessage(subject: "_INBOX.x", headers: headers))
    }

    @Test func ordinaryMessagesAreNotStatus() {
        #expect(PullStatus(NATSMessage(subject: "a", payload: ByteBuffer(string: "x"))) == nil)
        #expect(PullStatus(NATSMessage(subject: "a", headers: ["Nats-Msg-Id": "1"])) == nil)
        var headers = NATSHeaders()
        headers.status = 100
        #expect(PullStatus(NATSMessage(subject: "a", headers: headers, payload: ByteBuffer(string: "data"))) == nil)
    }

    @Test func heartbeatAndEndsOfRequests() {
        let pending = [("Nats-Pending-Messages", "7"), ("Nats-Pending-Bytes", "1024")]
        #expect(status(100, "Idle Heartbeat", [("Nats-Last-Consumer", "3"), ("Nats-Last-Stream", "3")]) == .heartbeat)
        #expect(status(404, "No Messages") == .noMessages)
        #expect(status(408, "Request Timeout", pending) == .requestTimeout(.init(messages: 7, bytes: 1024)))
        #expect(status(408, "Interest Expired", pending) == .requestTimeout(.init(messages: 7, bytes: 1024)))
        #expect(status(408, "Requests Pending") == .requestTimeout(.init(messages: 0, bytes: 0)))
        #expect(status(409, "Message Size Exceeds MaxBytes", pending) == .maxBytesExceeded(.init(messages: 7, bytes: 1024)))
        #expect(status(409, "Batch Completed", pending) == .batchCompleted(.init(messages: 7, bytes: 1024)))
        #expect(status(409, "Server Shutdown", pending) == .serverShutdown(.init(messages: 7, bytes: 1024)))
    }

    @Test func conflictsInEachMeaning() {
        #expect(status(409, "Leadership Change") == .leadershipChange)
        #expect(status(409, "Consumer Deleted") == .consumerDeleted)
        #expect(status(409, "Consumer is push based") == .consumerIsPushBased)
        #expect(status(409, "Exceeded MaxWaiting") == .maxWaitingExceeded)
        #expect(status(409, "Exceeded MaxRequestBatch of 100") == .requestLimitExceeded("Exceeded MaxRequestBatch of 100"))
        #expect(status(409, "Exceeded MaxRequestExpires of 10s") == .requestLimitExceeded("Exceeded MaxRequestExpires of 10s"))
        #expect(status(409, "Exceeded MaxRequestMaxBytes of 1024") == .requestLimitExceeded("Exceeded MaxRequestMaxBytes of 1024"))
        #expect(status(409, "Something New") == .unknown(code: 409, description: "Something New"))
    }

    @Test func badRequestAndNoResponders() {
        #expect(status(400, "Bad Request - heartbeat value too large") == .badRequest("Bad Request - heartbeat value too large"))
        #expect(status(503, "") == .noResponders)
        #expect(status(423, "Nats-Pin-Id mismatch") == .pinIDMismatch)
    }

    @Test func terminalStatuses() {
        #expect(PullStatus.consumerDeleted.terminalError?.code == .consumerDeleted)
        #expect(PullStatus.consumerIsPushBased.terminalError?.code == .consumerIsPushBased)
        #expect(PullStatus.badRequest("x").terminalError?.code == .pullRequestRejected)
        #expect(PullStatus.requestLimitExceeded("x").terminalError?.code == .pullRequestRejected)
        for nonTerminal: PullStatus in [
            .heartbeat, .noMessages, .leadershipChange, .maxWaitingExceeded, .noResponders,
            .requestTimeout(.init(messages: 1, bytes: 0)), .serverShutdown(.init(messages: 0, bytes: 0)),
        ] {
            #expect(nonTerminal.terminalError == nil)
        }
    }
}
