import NATSTestSupport
import NIOCore
import Synchronization
import Testing

@testable import NATS

@Suite struct RequestReplyTests {
    @Test func requestGetsTheReply() async throws {
        try await TestNATSServer.withServer { server in
            let client = try await connect(to: server)
            let service = try await client.subscribe("echo")
            let responder = Task {
                for try await message in service {
                    try await client.publish(message.replyTo!, "echo: \(message.string)", headers: message.headers)
                }
            }
            try await client.flush()
            let replies = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<50 {
                    group.addTask { try await client.request("echo", "\(index)").string }
                }
                var replies: [String] = []
                for try await reply in group { replies.append(reply) }
                return replies
            }
            #expect(Set(replies) == Set((0..<50).map { "echo: \($0)" }))
            responder.cancel()
            await client.close()
        }
    }

    @Test func noRespondersIsItsOwnError() async throws {
        try await TestNATSServer.withServer { server in
            let client = try await connect(to: server)
            do {
                _ = try await client.request("nobody.home", "hi")
                Issue.record("expected no responders")
            } catch let error as NATSError {
                #expect(error.code == .noResponders)
            }
            await client.close()
        }
    }

    @Test func aSilentResponderTimesOut() async throws {
        try await TestNATSServer.withServer { server in
            let client = try await connect(to: server)
            let silent = try await client.subscribe("silent")
            try await client.flush()
            do {
                _ = try await client.request("silent", "hi", timeout: .milliseconds(200))
                Issue.record("expected a timeout")
            } catch let error as NATSError {
                #expect(error.code == .timeout)
            }
            try await silent.unsubscribe()
            await client.close()
        }
    }

    /// Requests share one timer armed for the earliest deadline. A short request made after a long one ends at its own
    /// deadline, not the long one's (60 s, beyond the 20 s this test waits); after it expires the timer is armed again
    /// for the next deadline; a request answered meanwhile is not disturbed.
    @Test func eachRequestTimesOutAtItsOwnDeadline() async throws {
        try await TestNATSServer.withServer { server in
            let client = try await connect(to: server)
            let silent = try await client.subscribe("silent")
            let echo = try await client.subscribe("echo")
            let responder = Task {
                for try await message in echo {
                    if let replyTo = message.replyTo { try await client.publish(replyTo, payload: message.payload) }
                }
            }
            try await client.flush()
            let ends = EndOrder()
            let long = Task { await ends.request(client, "long", timeout: .seconds(60)) }
            await waitUntil { client.requests.registeredCount >= 1 }
            let short = Task { await ends.request(client, "short", timeout: .milliseconds(300)) }
            await waitUntil { client.requests.registeredCount >= 2 }
            // Later than the armed deadline (short's): only the timer's re-arming when short expires can end it.
            let later = Task { await ends.request(client, "later", timeout: .seconds(1)) }
            let reply = try await client.request("echo", "ping", timeout: .seconds(5))
            #expect(reply.string == "ping")
            try await withTimeout(.seconds(20), "waiting for the short and the later request to time out") {
                await short.value
                await later.value
            }
            long.cancel()
            await long.value
            #expect(ends.names == ["short", "later", "long cancelled"])
            responder.cancel()
            try await silent.unsubscribe()
            await client.close()
        }
    }

    @Test func cancellingARequestEndsIt() async throws {
        try await TestNATSServer.withServer { server in
            let client = try await connect(to: server)
            _ = try await client.subscribe("slow")
            try await client.flush()
            let task = Task { try await client.request("slow", "hi", timeout: .seconds(30)) }
            await waitUntil { client.requests.registeredCount >= 1 }
            task.cancel()
            do {
                _ = try await task.value
                Issue.record("expected cancellation")
            } catch let error as NATSError {
                #expect(error.code == .cancelled)
            }
            await client.close()
        }
    }
}

/// The order in which requests to a subject nobody answers ended.
private final class EndOrder: Sendable {
    private let ended = Mutex<[String]>([])

    var names: [String] { ended.withLock { $0 } }

    /// Requests on `silent` (nobody answers) and records how the request ended: `name` for a timeout.
    func request(_ client: NATSClient, _ name: String, timeout: Duration) async {
        do {
            _ = try await client.request("silent", name, timeout: timeout)
            ended.withLock { $0.append("\(name) answered") }
        } catch let error as NATSError where error.code == .timeout {
            ended.withLock { $0.append(name) }
        } catch let error as NATSError where error.code == .cancelled {
            ended.withLock { $0.append("\(name) cancelled") }
        } catch {
            ended.withLock { $0.append("\(name) failed: \(error)") }
        }
    }
}
