import NIOCore
import SluiceSQLite

/// The embedded SQLite queue as a router queue: one subject, one durable consumer.
///
/// The routing fields travel as headers (``RouterHeader``); the message id is the queue's deduplication id, which
/// the SQLite queue keeps per subject, so queues on different subjects of one file deduplicate separately. Messages
/// are leased in publish order for `visibilityTimeout`; a message without routing fields is moved to the
/// queue's dead letters at once. Acknowledgements that arrive together are committed in one transaction.
public struct SQLiteQueueConsumer: QueueConsumer, QueueProducer {
    /// The queue.
    public let queue: SQLiteQueue
    /// The subject messages are published to and read from.
    public let subject: String
    /// The durable consumer's name.
    public let consumer: String
    /// How long a polled message stays invisible to other pollers.
    public let visibilityTimeout: Duration
    private let acks: SettleBatcher<QueueReceipt>

    public var name: String { "sqlite:\(consumer)" }

    /// Creates the durable consumer if it is missing. The queue's own redelivery limit is off: the router
    /// decides when a message is dead.
    public static func open(
        queue: SQLiteQueue,
        subject: String,
        consumer: String,
        visibilityTimeout: Duration = .seconds(30)
    ) async throws -> SQLiteQueueConsumer {
        var configuration = QueueConsumerConfiguration(name: consumer, filterSubject: subject)
        configuration.maxDeliver = nil
        configuration.ackWait = visibilityTimeout
        try await queue.addConsumer(configuration)
        return SQLiteQueueConsumer(
            queue: queue,
            subject: subject,
            consumer: consumer,
            visibilityTimeout: visibilityTimeout,
            acks: SettleBatcher(maxBatch: 1000) { receipts in
                try await queue.ack(receipts)
                return [:]
            }
        )
    }

    public func poll(max: Int) async throws -> [LeasedMessage] {
        let fetched = try await queue.fetch(consumer: consumer, batch: max, visibilityTimeout: visibilityTimeout, expires: .seconds(1))
        var leased: [LeasedMessage] = []
        leased.reserveCapacity(fetched.count)
        for message in fetched {
            guard let decoded = RouterHeader.decode(headers: message.headers, payload: message.payload, fallbackID: message.messageID) else {
                try await queue.term(message.receipt, reason: "not a router message: pool, target or id header missing")
                continue
            }
            leased.append(LeasedMessage(message: decoded, deliveryCount: message.deliveryCount, receipt: message.receipt))
        }
        return leased
    }

    public func ack(_ message: LeasedMessage) async throws {
        try await acks.submit(try receipt(message))
    }

    public func nak(_ message: LeasedMessage, delay: Duration) async throws {
        try await queue.nak(try receipt(message), delay: delay)
    }

    public func extendVisibility(_ message: LeasedMessage) async throws {
        try await queue.inProgress(try receipt(message))
    }

    /// Extends the leases in one transaction.
    public func extendVisibility(_ messages: [LeasedMessage]) async throws {
        try await queue.inProgress(messages.map(receipt))
    }

    public func peek(max: Int) async throws -> [RouterMessage] {
        try await queue.peek(consumer: consumer, limit: Swift.max(max, 1)).compactMap {
            RouterHeader.decode(headers: $0.headers, payload: $0.payload, fallbackID: $0.messageID)
        }
    }

    public func send(_ messages: [RouterMessage]) async throws {
        try await queue.publish(
            messages.map {
                QueueOutgoingMessage(
                    subject: subject,
                    payload: $0.payload,
                    headers: RouterHeader.encode($0),
                    messageID: $0.deduplicationKey
                )
            }
        )
    }

    private func receipt(_ message: LeasedMessage) throws -> QueueReceipt {
        guard let receipt = message.receipt as? QueueReceipt else { throw RouterQueueError("\(name) was handed another queue's message") }
        return receipt
    }
}
