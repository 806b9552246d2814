import NATSTestSupport
import NIOCore
import Testing

@testable import JetStream

@Suite struct FetchStateMachineTests {
    typealias Machine = FetchStateMachine<ManualClock>

    var clock = ManualClock()

    @Test mutating func endsWhenTheBatchIsFull() {
        var machine = Machine(options: PullFetchOptions(batch: 3), now: clock.now)
        #expect(machine.request == PullRequest(batch: 3, expires: .seconds(30)))
        #expect(machine.messageReceived(size: 10, now: nil) == .deliver)
        #expect(machine.statusReceived(.heartbeat, now: clock.now) == .none)
        #expect(machine.messageReceived(size: 10, now: nil) == .deliver)
        #expect(machine.messageReceived(size: 10, now: nil) == .deliverAndFinish)
        #expect(machine.isFinished)
        #expect(machine.deadline == nil)
    }

    @Test mutating func endsWhenTheServerEndsTheRequest() {
        for status: PullStatus in [
            .noMessages, .requestTimeout(.init(messages: 2, bytes: 0)), .maxBytesExceeded(.init(messages: 1, bytes: 5)),
            .batchCompleted(.init(messages: 0, bytes: 0)), .leadershipChange, .serverShutdown(.init(messages: 1, bytes: 0)),
        ] {
            var machine = Machine(options: PullFetchOptions(batch: 3), now: clock.now)
            #expect(machine.messageReceived(size: 1, now: nil) == .deliver)
            #expect(machine.statusReceived(status, now: clock.now) == .finish, "\(status)")
        }
    }

    @Test mutating func failsOnTerminalStatuses() {
        var machine = Machine(options: PullFetchOptions(batch: 3), now: clock.now)
        guard case .fail(let error) = machine.statusReceived(.consumerDeleted, now: clock.now) else {
            Issue.record("consumer deleted should fail the fetch")
            return
        }
        #expect(error.code == .consumerDeleted)
        var other = Machine(options: PullFetchOptions(batch: 3), now: clock.now)
        guard case .fail(let noResponders) = other.statusReceived(.noResponders, now: clock.now) else {
            Issue.record("503 should fail the fetch")
            return
        }
        #expect(noResponders.code == .noResponders)
    }

    @Test mutating func endsQuietlyAfterExpiresAndGrace() {
        var machine = Machine(options: PullFetchOptions(batch: 3, expires: .seconds(2)), now: clock.now)
        #expect(machine.deadline == clock.now.advanced(by: .seconds(3)))
        clock.advance(by: .seconds(2))
        #expect(machine.timerFired(now: clock.now) == .none)
        clock.advance(by: .seconds(1))
        #expect(machine.timerFired(now: clock.now) == .finish)
    }

    @Test mutating func missingHeartbeatsFail() {
        var machine = Machine(options: PullFetchOptions(batch: 3, expires: .seconds(30), idleHeartbeat: .seconds(5)), now: clock.now)
        #expect(machine.request.idleHeartbeat == .seconds(5))
        clock.advance(by: .seconds(9))
        _ = machine.statusReceived(.heartbeat, now: clock.now)
        #expect(machine.deadline == clock.now.advanced(by: .seconds(10)))
        clock.advance(by: .seconds(10))
        guard case .fail(let error) = machine.timerFired(now: clock.now) else {
            Issue.record("missed heartbeats should fail the fetch")
            return
        }
        #expect(error.code == .missingHeartbeats)
    }

    @Test mutating func byteLimitEndsTheFetch() {
        var machine = Machine(options: PullFetchOptions(batch: 100, maxBytes: 250), now: clock.now)
        #expect(machine.messageReceived(size: 100, now: nil) == .deliver)
        #expect(machine.messageReceived(size: 100, now: nil) == .deliver)
        #expect(machine.messageReceived(size: 100, now: nil) == .deliverAndFinish)
    }

    @Test mutating func noWaitSendsNoExpiry() throws {
        let machine = Machine(options: PullFetchOptions(batch: 5, noWait: true), now: clock.now)
        let json = try jsonObject(body: machine.request.body)
        #expect(json["no_wait"] as? Bool == true)
        #expect(json["expires"] == nil)
        #expect(json["batch"] as? Int == 5)
        #expect(throws: JetStreamError.self) {
            try PullFetchOptions(batch: 5, noWait: true, idleHeartbeat: .seconds(1)).validate()
        }
    }

    @Test mutating func theRequestIsOverOnlyWhenNothingMoreOfItCanArrive() {
        var full = Machine(options: PullFetchOptions(batch: 1), now: clock.now)
        #expect(full.messageReceived(size: 1, now: nil) == .deliverAndFinish)
        #expect(full.requestIsOver)
        // The server counts bytes its own way: reaching the limit by our count does not end its request.
        var bytes = Machine(options: PullFetchOptions(batch: 10, maxBytes: 5), now: clock.now)
        #expect(bytes.messageReceived(size: 5, now: nil) == .deliverAndFinish)
        #expect(!bytes.requestIsOver)
        let ended: [PullStatus] = [
            .noMessages, .requestTimeout(.init(messages: 1, bytes: 0)), .maxBytesExceeded(.init(messages: 1, bytes: 9)),
            .batchCompleted(.init(messages: 0, bytes: 0)),
        ]
        for status in ended {
            var machine = Machine(options: PullFetchOptions(batch: 3), now: clock.now)
            _ = machine.statusReceived(status, now: clock.now)
            #expect(machine.requestIsOver, "\(status)")
        }
        for status: PullStatus in [.leadershipChange, .serverShutdown(.init(messages: 1, bytes: 0)), .consumerDeleted, .heartbeat] {
            var machine = Machine(options: PullFetchOptions(batch: 3), now: clock.now)
            _ = machine.statusReceived(status, now: clock.now)
            #expect(!machine.requestIsOver, "\(status)")
        }
        var expired = Machine(options: PullFetchOptions(batch: 3, expires: .seconds(1)), now: clock.now)
        clock.advance(by: .seconds(5))
        #expect(expired.timerFired(now: clock.now) == .finish)
        #expect(!expired.requestIsOver)
    }

    @Test mutating func messagesKeepTheHeartbeatWatchdogQuietWhenWatched() {
        let unwatched = Machine(options: PullFetchOptions(batch: 3), now: clock.now)
        #expect(!unwatched.watchesHeartbeats)
        var machine = Machine(options: PullFetchOptions(batch: 3, expires: .seconds(30), idleHeartbeat: .seconds(5)), now: clock.now)
        #expect(machine.watchesHeartbeats)
        clock.advance(by: .seconds(8))
        #expect(machine.messageReceived(size: 1, now: clock.now) == .deliver)
        #expect(machine.deadline == clock.now.advanced(by: .seconds(10)))
    }

    @Test func pullRequestJSON() throws {
        let request = PullRequest(batch: 500, maxBytes: 1024, expires: .seconds(30), idleHeartbeat: .seconds(15))
        #expect(String(buffer: request.body) == #"{"batch":500,"max_bytes":1024,"expires":30000000000,"idle_heartbeat":15000000000}"#)
        let json = try jsonObject(body: request.body)
        #expect(json["batch"] as? Int == 500)
        #expect(json["max_bytes"] as? Int == 1024)
        #expect(json["expires"] as? Int64 == 30_000_000_000)
        #expect(json["idle_heartbeat"] as? Int64 == 15_000_000_000)
        #expect(json["no_wait"] == nil)
    }
}
