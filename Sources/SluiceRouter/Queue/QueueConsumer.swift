/// A queue the router reads: leased messages that are settled once each.
///
/// Every implementation has the same semantics: ``poll(max:)`` leases up to `max` messages, hiding them from
/// other pollers for the queue's visibility timeout; ``ack(_:)`` removes one for good; ``nak(_:delay:)``
/// makes it visible again after `delay`; ``extendVisibility(_:)`` restarts its lease. A message whose lease
/// runs out is delivered again, so delivery is at least once.
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
    /// 1 the first time the queue hands it out, 2 the next, and so on.
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
