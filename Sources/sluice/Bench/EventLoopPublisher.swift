import NATS
import NIOCore

/// Publishes from the client's own event loop, so that encoding and writing happen on one thread with no hand-off
/// (see ``NATS/NATSClient/eventLoop``): the way to publish at the highest rate.
actor EventLoopPublisher {
    private let client: NATSClient

    nonisolated var unownedExecutor: UnownedSerialExecutor { client.eventLoop.executor.asUnownedSerialExecutor() }

    init(client: NATSClient) {
        self.client = client
    }

    /// Publishes `payload` to `subject` `count` times.
    func publish(_ subject: String, payload: ByteBuffer, count: Int) async throws {
        for _ in 0..<count { try await client.publish(subject, payload: payload) }
    }
}
