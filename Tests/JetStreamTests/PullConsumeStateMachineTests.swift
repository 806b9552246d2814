import NATSTestSupport
import Testing

@testable import JetStream

@Suite struct PullConsumeStateMachineTests {
    typealias Machine = PullConsumeStateMachine<ManualClock>

    var clock = ManualClock()

    private func makeMachine(_ configure: (inout PullConsumeOptions) -> Void = { _ in }) -> Machine {
        var options = PullConsumeOptions()
        configure(&options)
        return Machine(options: options, now: clock.now)
    }

    @Test mutating func firstPullAsksForTheWholePrefetch() {
        var machine = makeMachine()
        let request = machine.start(now: clock.now)
        #expect(request == PullRequest(batch: 500, expires: .seconds(30), idleHeartbeat: .seconds(15)))
        #expect(machine.outstandingMessages == 500)
        #expect(machine.deadline == clock.now.advanced(by: .seconds(30)))
    }

    @Test mutating func pullsAgainWhenHalfIsConsumed() {
        var machine = makeMachine { $0.maxMessages = 10 }
        _ = machine.start(now: clock.now)
        for _ in 0..<10 { machine.messageReceived(size: 100, now: clock.now) }
        #expect(machine.outstandingMessages == 0)
        #expect(machine.bufferedMessages == 10)
        #expect(machine.deadline == nil, "nothing is owed, so no heartbeats are expected")
        for _ in 0..<5 { #expect(machine.messageConsumed(size: 100, now: clock.now) == nil) }
        let request = machine.messageConsumed(size: 100, now: clock.now)
        #expect(request?.batch == 6, "tops up to the prefetch: 10 - 4 buffered")
        #expect(machine.outstandingMessages == 6)
    }

    @Test mutating func slowReaderBoundsTheBuffer() {
        var machine = makeMachine { $0.maxMessages = 4 }
        _ = machine.start(now: clock.now)
        for _ in 0..<4 { machine.messageReceived(size: 1, now: clock.now) }
        clock.advance(by: .seconds(120))
        #expect(machine.timerFired(now: clock.now) == .none, "a full buffer is not a silent server")
        #expect(machine.bufferedMessages + machine.outstandingMessages == 4)
    }

    @Test mutating func requestTimeoutReleasesWhatWasNotDelivered() {
        var machine = makeMachine { $0.maxMessages = 10 }
        _ = machine.start(now: clock.now)
        for _ in 0..<2 { machine.messageReceived(size: 1, now: clock.now) }
        for _ in 0..<2 { _ = machine.messageConsumed(size: 1, now: clock.now) }
        let action = machine.statusReceived(.requestTimeout(.init(messages: 8, bytes: 0)), now: clock.now)
        #expect(action == .pull(PullRequest(batch: 10, expires: .seconds(30), idleHeartbeat: .seconds(15))))
    }

    @Test mutating func heartbeatsKeepTheWatchdogQuiet() {
        var machine = makeMachine()
        _ = machine.start(now: clock.now)
        clock.advance(by: .seconds(20))
        #expect(machine.statusReceived(.heartbeat, now: clock.now) == .none)
        #expect(machine.deadline == clock.now.advanced(by: .seconds(30)))
        clock.advance(by: .seconds(29))
        #expect(machine.timerFired(now: clock.now) == .none)
    }

    @Test mutating func missedHeartbeatsPullAgain() {
        var machine = makeMachine()
        _ = machine.start(now: clock.now)
        machine.messageReceived(size: 1, now: clock.now)
        clock.advance(by: .seconds(30))
        let action = machine.timerFired(now: clock.now)
        #expect(action == .pull(PullRequest(batch: 499, expires: .seconds(30), idleHeartbeat: .seconds(15)), missedHeartbeats: true))
        #expect(machine.outstandingMessages == 499)
        #expect(machine.deadline == clock.now.advanced(by: .seconds(30)))
    }

    @Test mutating func leadershipChangePullsAgainAtOnce() {
        var machine = makeMachine { $0.maxMessages = 10 }
        _ = machine.start(now: clock.now)
        #expect(
            machine.statusReceived(.leadershipChange, now: clock.now)
                == .pull(PullRequest(batch: 10, expires: .seconds(30), idleHeartbeat: .seconds(15)))
        )
    }

    @Test mutating func terminalStatusesEndConsumption() {
        for status: PullStatus in [
            .consumerDeleted, .consumerIsPushBased, .badRequest("Bad Request"), .requestLimitExceeded("Exceeded MaxRequestBatch of 1"),
        ] {
            var machine = makeMachine()
            _ = machine.start(now: clock.now)
            guard case .fail(let error) = machine.statusReceived(status, now: clock.now) else {
                Issue.record("\(status) should be terminal")
                continue
            }
            #expect(error == status.terminalError)
            #expect(machine.phase == .finished)
            #expect(machine.deadline == nil)
            #expect(machine.messageConsumed(size: 1, now: clock.now) == nil)
            #expect(machine.statusReceived(.heartbeat, now: clock.now) == .none)
        }
    }

    @Test mutating func noRespondersBacksOffThenPulls() {
        var machine = makeMachine { $0.maxMessages = 10 }
        _ = machine.start(now: clock.now)
        guard case .warn(let warning) = machine.statusReceived(.noResponders, now: clock.now) else {
            Issue.record("503 should warn")
            return
        }
        #expect(warning.code == .noResponders)
        #expect(machine.deadline == clock.now.advanced(by: .seconds(1)))
        #expect(machine.messageConsumed(size: 0, now: clock.now) == nil, "no pulls while backing off")
        clock.advance(by: .seconds(1))
        #expect(
            machine.timerFired(now: clock.now)
                == .pull(PullRequest(batch: 10, expires: .seconds(30), idleHeartbeat: .seconds(15)), missedHeartbeats: false)
        )
        #expect(machine.phase == .active)
    }

    @Test mutating func reconnectPullsAgain() {
        var machine = makeMachine { $0.maxMessages = 10 }
        _ = machine.start(now: clock.now)
        for _ in 0..<3 { machine.messageReceived(size: 1, now: clock.now) }
        machine.connectionLost()
        #expect(machine.deadline == nil)
        #expect(machine.messageConsumed(size: 1, now: clock.now) == nil)
        clock.advance(by: .seconds(5))
        let request = machine.connectionRestored(now: clock.now)
        #expect(request?.batch == 8, "10 minus the 2 still buffered")
        #expect(machine.deadline == clock.now.advanced(by: .seconds(30)))
    }

    @Test mutating func byteLimitedPrefetch() {
        var machine = makeMachine {
            $0.maxMessages = 1000
            $0.maxBytes = 10_000
        }
        let first = machine.start(now: clock.now)
        #expect(first.maxBytes == 10_000)
        #expect(first.batch == 1000)
        for _ in 0..<6 { machine.messageReceived(size: 1000, now: clock.now) }
        // The server ends the request because the next message would not fit; 4,000 bytes are free again.
        let refill = machine.statusReceived(.maxBytesExceeded(.init(messages: 994, bytes: 4000)), now: clock.now)
        #expect(refill == .pull(PullRequest(batch: 994, maxBytes: 4000, expires: .seconds(30), idleHeartbeat: .seconds(15))))
        #expect(machine.messageConsumed(size: 1000, now: clock.now) == nil, "9,000 of 10,000 bytes are owed or buffered")
        for _ in 0..<4 { #expect(machine.messageConsumed(size: 1000, now: clock.now) == nil) }
        let request = machine.messageConsumed(size: 1000, now: clock.now)
        #expect(
            request == PullRequest(batch: 6, maxBytes: 6000, expires: .seconds(30), idleHeartbeat: .seconds(15)),
            "bytes owed or buffered fell below half"
        )
    }

    @Test func optionsAreValidated() throws {
        try PullConsumeOptions().validate()
        var options = PullConsumeOptions()
        options.idleHeartbeat = .milliseconds(100)
        #expect(throws: JetStreamError.self) { try options.validate() }
        options.idleHeartbeat = .seconds(20)
        #expect(throws: JetStreamError.self) { try options.validate() }
        options = PullConsumeOptions(maxMessages: 0)
        #expect(throws: JetStreamError.self) { try options.validate() }
        options = PullConsumeOptions(maxMessages: 10, expires: .milliseconds(500))
        #expect(throws: JetStreamError.self) { try options.validate() }
        options = PullConsumeOptions(maxMessages: 10, expires: .seconds(120))
        #expect(options.resolvedHeartbeat == .seconds(30))
    }
}
