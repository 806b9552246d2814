import NATS
import NATSTestSupport
import Testing

/// Consuming under `withTaskExecutorPreference(client.taskExecutor)`: the loop runs, and is resumed, on the thread that
/// reads the socket.
@Suite struct EventLoopConsumingTests {
    @Test func aSubscriptionReadOnTheClientsEventLoopGetsEveryMessageThere() async throws {
        try await TestNATSServer.withServer { server in
            let client = try await connect(to: server)
            let subscription = try await client.subscribe("loop")
            try await client.flush()
            let publisher = Task {
                for index in 0..<1_000 { try await client.publish("loop", "\(index)") }
                try await client.flush()
            }
            let (received, offLoop) = try await withTaskExecutorPreference(client.taskExecutor) {
                var received: [String] = []
                var offLoop = 0
                for try await message in subscription {
                    if !client.eventLoop.inEventLoop { offLoop += 1 }
                    received.append(message.string)
                    if received.count == 1_000 { break }
                }
                return (received, offLoop)
            }
            try await publisher.value
            #expect(received == (0..<1_000).map(String.init))
            #expect(offLoop == 0)
            await client.close()
        }
    }
}
