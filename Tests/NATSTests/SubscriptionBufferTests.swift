import NATSTestSupport
import NIOCore
import Testing

@testable import NATS

@Suite struct SubscriptionBufferTests {
    private func message(_ text: String) -> NATSMessage {
        NATSMessage(subject: "s", payload: ByteBuffer(string: text))
    }

    @Test func deliversInOrderAndEnds() async throws {
        let buffer = SubscriptionBuffer(limits: .default)
        for index in 0..<5 { _ = buffer.push(message("\(index)")) }
        buffer.finish()
        var local = CircularBuffer<NATSMessage>()
        var seen: [String] = []
        while try await buffer.take(into: &local) {
            while let next = local.popFirst() { seen.append(next.string) }
        }
        #expect(seen == ["0", "1", "2", "3", "4"])
    }

    @Test func dropsPastTheMessageLimitAndReportsOnce() {
        let buffer = SubscriptionBuffer(limits: NATSPendingLimits(messages: 2, bytes: 1000))
        #expect(buffer.push(message("a")).isAccepted)
        #expect(buffer.push(message("b")).isAccepted)
        guard case .dropped(firstDrop: true, total: 1) = buffer.push(message("c")) else {
            Issue.record("expected first drop")
            return
        }
        guard case .dropped(firstDrop: false, total: 2) = buffer.push(message("d")) else {
            Issue.record("expected second drop")
            return
        }
        #expect(buffer.droppedCount == 2)
    }

    @Test func dropsPastTheByteLimit() {
        let buffer = SubscriptionBuffer(limits: NATSPendingLimits(messages: 100, bytes: 5))
        #expect(buffer.push(message("abc")).isAccepted)
        #expect(!buffer.push(message("abc")).isAccepted)
    }

    @Test func wakesAWaitingConsumer() async throws {
        let buffer = SubscriptionBuffer(limits: .default)
        async let taken: [String] = {
            var local = CircularBuffer<NATSMessage>()
            _ = try await buffer.take(into: &local)
            return local.map(\.string)
        }()
        await waitUntil { buffer.hasWaiter }
        _ = buffer.push(message("late"))
        #expect(try await taken == ["late"])
    }

    @Test func throwsTheFailureAfterBufferedMessages() async throws {
        let buffer = SubscriptionBuffer(limits: .default)
        _ = buffer.push(message("x"))
        buffer.finish(error: NATSError(.permissionViolation, "no"))
        var local = CircularBuffer<NATSMessage>()
        #expect(try await buffer.take(into: &local))
        local.removeAll()
        await #expect(throws: NATSError.self) { try await buffer.take(into: &local) }
    }

    @Test func cancellationEndsTheWait() async throws {
        let buffer = SubscriptionBuffer(limits: .default)
        let task = Task {
            var local = CircularBuffer<NATSMessage>()
            return try await buffer.take(into: &local)
        }
        await waitUntil { buffer.hasWaiter }
        task.cancel()
        #expect(try await task.value == false)
    }
}

extension SubscriptionBuffer.PushResult {
    var isAccepted: Bool {
        if case .accepted = self { return true }
        return false
    }
}
