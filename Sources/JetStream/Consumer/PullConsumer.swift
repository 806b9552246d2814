import Logging
import NATS

/// A handle on a pull consumer: fetch batches, or consume continuously.
///
/// ```swift
/// let consumer = try await js.pullConsumer(stream: "ORDERS", name: "worker")
/// for try await message in try await consumer.messages() {
///     try await handle(message)
///     try await message.ack()
/// }
/// ```
public struct PullConsumer: Sendable {
    /// The context it was created with.
    public let context: JetStreamContext
    /// The stream it reads.
    public let stream: String
    /// The consumer's name.
    public let name: String
    /// The inbox its fetches reuse; copies of the handle share it.
    let fetchInboxes = FetchInboxes()

    /// Creates a handle without checking that the consumer exists. Keep the handle for fetch after fetch: its fetches
    /// share one inbox subscription.
    public init(context: JetStreamContext, stream: String, name: String) {
        self.context = context
        self.stream = stream
        self.name = name
    }

    /// The subject pull requests go to.
    var nextSubject: String { "\(context.apiPrefix).CONSUMER.MSG.NEXT.\(stream).\(name)" }

    /// The consumer's configuration and progress, including its lag (``ConsumerInfo/numPending``).
    public func info() async throws -> ConsumerInfo {
        try await context.consumerInfo(stream: stream, name: name)
    }

    /// Asks for one batch and returns the messages as they arrive.
    ///
    /// The sequence ends when `batch` messages (or `maxBytes` bytes) arrived, or when the server ends the
    /// request after `expires` with fewer. It throws when the consumer is deleted or the request is refused.
    nonisolated(nonsending) public func fetch(batch: Int, maxBytes: Int? = nil, expires: Duration = .seconds(30)) async throws -> FetchedMessages {
        try await fetch(PullFetchOptions(batch: batch, maxBytes: maxBytes, expires: expires))
    }

    /// Asks for one batch with all options.
    nonisolated(nonsending) public func fetch(_ options: PullFetchOptions) async throws -> FetchedMessages {
        FetchedMessages(session: try await PullFetchSession.start(consumer: self, options: options))
    }

    /// The next message, waiting up to `expires`; `nil` when none came.
    public func next(expires: Duration = .seconds(30)) async throws -> JetStreamMessage? {
        let messages = try await fetch(batch: 1, expires: expires)
        for try await message in messages { return message }
        return nil
    }

    /// Consumes continuously: keeps a prefetch of messages requested, pulls again as they are read, and
    /// recovers from missed heartbeats, leadership changes and reconnects.
    ///
    /// The sequence ends when ``PullMessages/stop()`` is called, and throws when the consumer is deleted,
    /// turns out to be a push consumer, or the server refuses the requests for good.
    public func messages(options: PullConsumeOptions = PullConsumeOptions()) async throws -> PullMessages {
        PullMessages(session: try await PullConsumeSession.start(consumer: self, options: options, logger: context.logger))
    }
}

/// The messages of one ``PullConsumer/fetch(batch:maxBytes:expires:)``. Iterate it from one task.
public final class FetchedMessages: AsyncSequence, Sendable {
    public typealias Element = JetStreamMessage
    @usableFromInline let session: PullFetchSession

    init(session: PullFetchSession) { self.session = session }

    /// Ends the fetch early; what already arrived is still delivered.
    public func stop() { session.stop() }

    public func makeAsyncIterator() -> Iterator { Iterator(owner: self) }

    /// Hands out the fetched messages. It keeps the sequence alive: `for try await m in try await consumer.fetch(…)`
    /// releases the sequence at once, and releasing it stops the fetch.
    public struct Iterator: AsyncIteratorProtocol {
        @usableFromInline let owner: FetchedMessages
        @usableFromInline var messages: NATSSubscription.AsyncIterator

        init(owner: FetchedMessages) {
            self.owner = owner
            self.messages = owner.session.subscription.makeAsyncIterator()
        }

        /// Inlined, so a message already at hand costs the caller no async call.
        @inlinable
        nonisolated(nonsending) public mutating func next() async throws -> JetStreamMessage? {
            if let message = owner.session.nextAtHand(from: &messages) { return message }
            return try await owner.session.next(from: &messages)
        }

        /// What `for try await` calls: like ``next()``, on the caller's actor.
        @inlinable
        public mutating func next(isolation actor: isolated (any Actor)?) async throws -> JetStreamMessage? {
            try await next()
        }
    }

    deinit { session.stop() }
}

/// The endless messages of ``PullConsumer/messages(options:)``. Iterate it from one task.
public final class PullMessages: AsyncSequence, Sendable {
    public typealias Element = JetStreamMessage
    @usableFromInline let session: PullConsumeSession

    init(session: PullConsumeSession) { self.session = session }

    /// Stops pulling and ends the sequence after the messages already received.
    public func stop() { session.stop() }

    public func makeAsyncIterator() -> Iterator { Iterator(owner: self) }

    /// Hands out messages, pulling more as they are taken. It keeps the sequence alive, since releasing it stops pulling.
    public struct Iterator: AsyncIteratorProtocol {
        @usableFromInline let owner: PullMessages

        init(owner: PullMessages) { self.owner = owner }

        /// Inlined, so a message already received costs the caller no async call (but the rare pull it makes due).
        @inlinable
        nonisolated(nonsending) public mutating func next() async throws -> JetStreamMessage? {
            if let (message, pull) = owner.session.nextAtHand() {
                if let pull { await owner.session.send(pull) }
                return message
            }
            return try await owner.session.next()
        }

        /// What `for try await` calls: like ``next()``, on the caller's actor.
        @inlinable
        public mutating func next(isolation actor: isolated (any Actor)?) async throws -> JetStreamMessage? {
            try await next()
        }
    }

    deinit { session.stop() }
}
