import NIOCore

/// The messages published to a subject, as an `AsyncSequence`.
///
/// The sequence ends after ``unsubscribe(after:)``, ``NATSClient/drain()`` or ``NATSClient/close()``, and throws when the
/// server refuses the subscription (a permission violation). Iterate it from one task.
/// Messages beyond the pending limits are dropped and counted in ``droppedCount``; the client reports a slow consumer.
public final class NATSSubscription: AsyncSequence, Sendable {
    public typealias Element = NATSMessage

    /// The subject or wildcard subscribed to.
    public let subject: String
    /// The queue group, if any.
    public let queue: String?
    let sid: UInt64
    let buffer: SubscriptionBuffer
    private let client: NATSClient

    init(subject: String, queue: String?, sid: UInt64, buffer: SubscriptionBuffer, client: NATSClient) {
        self.subject = subject
        self.queue = queue
        self.sid = sid
        self.buffer = buffer
        self.client = client
    }

    /// Messages dropped because this subscription's consumer fell behind its pending limits.
    public var droppedCount: Int { buffer.droppedCount }

    /// Stops the subscription now, or after `maxMessages` messages in all have been delivered.
    public func unsubscribe(after maxMessages: Int? = nil) async throws {
        try client.unsubscribe(sid: sid, after: maxMessages)
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(buffer: buffer)
    }

    /// Takes messages from the subscription in batches and hands them out one by one.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private let buffer: SubscriptionBuffer
        private var local = CircularBuffer<NATSMessage>(initialCapacity: 16)

        init(buffer: SubscriptionBuffer) {
            self.buffer = buffer
        }

        nonisolated(nonsending) public mutating func next() async throws -> NATSMessage? {
            if let message = local.popFirst() { return message }
            guard try await buffer.take(into: &local) else { return nil }
            return local.popFirst()
        }

        /// What `for try await` calls: like ``next()``, on the caller's actor.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws -> NATSMessage? {
            try await next()
        }

        /// Whether ``next()`` has a message at hand, without waiting. A relay that hands messages on to another
        /// task can wake that task once, when this turns `false`, instead of once per message.
        public var hasBufferedMessages: Bool { !local.isEmpty }

        /// The next message if one is at hand (see ``hasBufferedMessages``), without waiting or suspending: a consumer
        /// can take a run of messages with no async call per message, and call ``next()`` when this gives `nil`.
        public mutating func nextBuffered() -> NATSMessage? {
            local.popFirst()
        }
    }
}
