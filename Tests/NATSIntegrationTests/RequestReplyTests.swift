import NATS
import NATSTestSupport
import NIOCore
import Testing

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

    @Test func cancellingARequestEndsIt() async throws {
        try await TestNATSServer.withServer { server in
            let client = try await connect(to: server)
            _ = try await client.subscribe("slow")
            try await client.flush()
            let task = Task { try await client.request("slow", "hi", timeout: .seconds(30)) }
            try await Task.sleep(for: .milliseconds(100))
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
