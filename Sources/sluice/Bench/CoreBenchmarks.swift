import Foundation
import NATS
import NIOCore
import Synchronization

/// Core NATS throughput: publish only, and publish with a subscriber on a second connection.
enum CoreBenchmarks {
    /// Publishes `count` messages and flushes; the time runs from the first publish to the flush's pong.
    static func publish(options: NATSClientOptions, subject: String, count: Int, size: Int, serverPID: Int32?) async throws -> BenchResult {
        let client = try await NATSClient.connect(options)
        let payload = ByteBuffer(bytes: BenchPayload.make(size: size))
        let meter = BenchMeter(serverPID: serverPID)
        try await publishOnEventLoop(client, subject, payload: payload, count: count)
        try await client.flush(timeout: .seconds(120))
        let result = meter.finish(count: count, bytesPerMessage: size)
        await client.close()
        return result
    }

    /// Publishes `count` messages while a subscriber on another connection counts them; the time runs
    /// from the first publish to the last message received. Returns the result and how many were dropped.
    static func publishSubscribe(
        options: NATSClientOptions,
        subject: String,
        count: Int,
        size: Int,
        serverPID: Int32?
    ) async throws
        -> (BenchResult, dropped: Int)
    {
        let subscriber = try await NATSClient.connect(options)
        let subscription = try await subscriber.subscribe(subject, limits: .unlimited)
        try await subscriber.flush()
        let publisher = try await NATSClient.connect(options)
        let payload = ByteBuffer(bytes: BenchPayload.make(size: size))
        let meter = BenchMeter(serverPID: serverPID)
        let received = try await withThrowingTaskGroup(of: Int.self) { group in
            // Each side on its connection's event loop: messages go between socket and loop with no hand-off.
            group.addTask(executorPreference: subscriber.taskExecutor) {
                try await Self.receive(count, from: subscription)
            }
            try await publishOnEventLoop(publisher, subject, payload: payload, count: count)
            try await publisher.flush(timeout: .seconds(120))
            let received = try await group.next() ?? 0
            group.cancelAll()
            return received
        }
        let result = meter.finish(count: received, bytesPerMessage: size)
        await publisher.close()
        await subscriber.close()
        return (result, count - received)
    }

    /// Publishes `payload` to `subject` `count` times from the client's event loop, so that encoding and writing
    /// happen on one thread with no hand-off (see ``NATS/NATSClient/taskExecutor``).
    static func publishOnEventLoop(_ client: NATSClient, _ subject: String, payload: ByteBuffer, count: Int) async throws {
        try await withTaskExecutorPreference(client.taskExecutor) {
            for _ in 0..<count { try await client.publish(subject, payload: payload) }
        }
    }

    /// Counts messages until `count` arrived or none came for 3 seconds.
    static func receive(_ count: Int, from subscription: NATSSubscription) async throws -> Int {
        let received = BenchCounter()
        return try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                for try await _ in subscription {
                    if received.value.add(1, ordering: .relaxed).newValue >= count { break }
                }
                return received.value.load(ordering: .relaxed)
            }
            group.addTask {
                var last = -1
                while true {
                    try await Task.sleep(for: .seconds(3))
                    let now = received.value.load(ordering: .relaxed)
                    if now == last { return now }
                    last = now
                }
            }
            let first = try await group.next() ?? 0
            group.cancelAll()
            return first
        }
    }
}

/// A counter shared between the receiving task and its watchdog.
final class BenchCounter: Sendable {
    let value = Atomic<Int>(0)
}
