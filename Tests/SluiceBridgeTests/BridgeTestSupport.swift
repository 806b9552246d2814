import JetStream
import NATS
import NATSTestSupport
import SluiceBridge
import Synchronization

/// Two applications on one test server: `billing` publishes for `crm`, `crm` consumes what `billing` sends.
struct BridgePair {
    var producer: BridgeConfiguration
    var consumer: BridgeConfiguration
    let client: NATSClient
    let server: TestNATSServer

    /// Starts a server, connects, runs `body`, and cleans up however it ends.
    static func with<T>(
        configure: (inout BridgeConfiguration) -> Void = { _ in },
        _ body: (BridgePair) async throws -> T
    ) async throws -> T {
        try await TestNATSServer.withServer { server in
            var producer = BridgeConfiguration(env: "test", appName: "billing", destinationApp: "crm")
            var consumer = BridgeConfiguration(env: "test", appName: "crm", destinationApp: "billing")
            producer.natsURLs = [server.url]
            consumer.natsURLs = [server.url]
            configure(&producer)
            configure(&consumer)
            let client = try await consumer.connect()
            do {
                let result = try await body(BridgePair(producer: producer, consumer: consumer, client: client, server: server))
                await client.close()
                return result
            } catch {
                await client.close()
                throw error
            }
        }
    }
}

/// What a handler saw, as a stream the test waits on (the signal), and as a list.
final class HandlerLog: Sendable {
    let calls: AsyncStream<BridgeMessage>
    private let continuation: AsyncStream<BridgeMessage>.Continuation
    private let seen = Mutex<[BridgeMessage]>([])

    init() {
        (calls, continuation) = AsyncStream.makeStream(of: BridgeMessage.self)
    }

    func record(_ message: BridgeMessage) {
        seen.withLock { $0.append(message) }
        continuation.yield(message)
    }

    var all: [BridgeMessage] { seen.withLock { $0 } }

    /// Waits for the next `count` calls.
    func next(_ count: Int) async -> [BridgeMessage] {
        var result: [BridgeMessage] = []
        for await message in calls {
            result.append(message)
            if result.count == count { break }
        }
        return result
    }
}

/// Runs `consumer` in a child task while `body` runs, then drains it and waits for it to end.
func running<T>(_ consumer: Consumer, _ body: () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await consumer.run() }
        do {
            let result = try await body()
            consumer.stop()
            try await group.waitForAll()
            return result
        } catch {
            consumer.stop()
            group.cancelAll()
            throw error
        }
    }
}
