/// A queue the router reads: leased messages that are settled once each.
///
/// Every implementation has the same semantics: ``poll(max:)`` leases up to `max` messages, hiding them from
/// other pollers for the queue's visibility timeout; ``ack(_:)`` removes one for good; ``nak(_:delay:)``
/// makes it visible again after `delay`; ``extendVisibility(_:)`` restarts its lease. A message whose lease
/// runs out is delivered again, so delivery is at least once. ``LeasedMessage/deliveryCount`` is the queue's own
/// count of deliveries, so it survives a restart of the router. ``peek(max:)`` reads without leasing.
public protocol QueueConsumer: Sendable {
    /// A name for logs and metrics.
    var name: String { get }
    /// Leases up to `max` messages, waiting a short while (about a second) when none are there.
    /// - Returns: Between 0 and `max` messages, in the queue's order.
    func poll(max: Int) async throws -> [LeasedMessage]
    /// Removes the message from the queue.
    func ack(_ message: LeasedMessage) async throws
    /// Makes the message visible again after `delay`.
    func nak(_ message: LeasedMessage, delay: Duration) async throws
    /// Restarts the message's lease, for work that takes longer than the visibility timeout.
    func extendVisibility(_ message: LeasedMessage) async throws
    /// Restarts the leases of several messages of this queue; a message settled meanwhile is left alone.
    func extendVisibility(_ messages: [LeasedMessage]) async throws
    /// Up to `max` messages not yet acknowledged, oldest first, read without leasing them: other polls still get
    /// them at once.
    func peek(max: Int) async throws -> [RouterMessage]
    /// Whether a message to retry is handed back with ``nak(_:delay:)`` (so the queue's delivery count counts the
    /// tries), rather than kept leased for the wait. A queue that holds back a whole group while one of its messages
    /// is leased (a FIFO SQS queue) keeps it: the rest of its group could not come back before it.
    var handsBackRetries: Bool { get }
}

extension QueueConsumer {
    /// `true`: most queues count each try as a delivery.
    public var handsBackRetries: Bool { true }

    /// Extends the leases one by one, going on past a failure; throws the first one.
    public func extendVisibility(_ messages: [LeasedMessage]) async throws {
        var failure: (any Error)?
        for message in messages {
            do { try await extendVisibility(message) } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
    }
}

/// A queue messages are submitted to.
public protocol QueueProducer: Sendable {
    /// Stores the messages, in order. A message whose id was stored recently may be dropped as a duplicate.
    func send(_ messages: [RouterMessage]) async throws
}

/// One delivery of a message by a ``QueueConsumer``.
public struct LeasedMessage: Sendable {
    /// The message.
    public var message: RouterMessage
    /// 1 the first time the queue hands it out, 2 the next, and so on, as the queue counts (SQS's
    /// `ApproximateReceiveCount`, JetStream's delivery count, the SQLite queue's deliveries).
    public var deliveryCount: Int
    /// The queue's handle on this delivery; only the consumer that made it reads it.
    public var receipt: any Sendable

    /// Creates a delivery.
    public init(message: RouterMessage, deliveryCount: Int, receipt: any Sendable) {
        self.message = message
        self.deliveryCount = deliveryCount
        self.receipt = receipt
    }
}

/// A queue message that could not be read as a ``RouterMessage`` or settled.
public struct RouterQueueError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var description: String

    /// Creates the error.
    public init(_ description: String) { self.description = description }
}
