import JetStream
import NATS
import NIOCore

/// A JetStream durable pull consumer as a router queue.
///
/// The routing fields travel as headers (``RouterHeader``), the id also as `Nats-Msg-Id` so the stream
/// deduplicates. The consumer's ack wait is the visibility timeout; its redelivery limit is left off, the
/// router decides when a message is dead. A message without routing fields is terminated.
///
/// A stream the router creates keeps messages until they are acknowledged (work-queue retention), so what is in
/// it past the consumer's acknowledgement floor is what ``peek(max:)`` lists. A stream that exists is used as it
/// is (the subject is added when missing); on one that keeps acknowledged messages, ``peek(max:)`` also lists
/// those acknowledged out of order above the floor.
public struct JetStreamQueueConsumer: QueueConsumer, QueueProducer {
    /// The pull consumer.
    public let consumer: PullConsumer
    /// The subject messages are published to.
    public let subject: String

    public var name: String { "jetstream:\(consumer.stream)/\(consumer.name)" }

    /// Creates the stream `stream` over `subject` (or adds `subject` to it) and the durable consumer `durable` on it.
    public static func open(
        context: JetStreamContext,
        stream: String,
        subject: String,
        durable: String,
        visibilityTimeout: Duration = .seconds(30)
    ) async throws -> JetStreamQueueConsumer {
        do {
            var existing = try await context.streamInfo(stream).config
            if !existing.subjects.contains(subject) {
                existing.subjects.append(subject)
                _ = try await context.updateStream(existing)
            }
        } catch let error as JetStreamError where error.errorCode == .streamNotFound {
            _ = try await context.createStream(StreamConfig(name: stream, subjects: [subject], retention: .workQueue))
        }
        var config = ConsumerConfig(durableName: durable)
        config.ackPolicy = .explicit
        config.ackWait = visibilityTimeout
        config.filterSubject = subject
        config.maxAckPending = 100_000
        let consumer = try await context.createPullConsumer(stream: stream, config: config)
        return JetStreamQueueConsumer(consumer: consumer, subject: subject)
    }

    public func poll(max: Int) async throws -> [LeasedMessage] {
        var messages = try await available(max)
        if messages.isEmpty, let first = try await consumer.next(expires: .seconds(1)) {
            messages = [first]
            if max > 1 { messages += try await available(max - 1) }
        }
        var leased: [LeasedMessage] = []
        leased.reserveCapacity(messages.count)
        for message in messages {
            var headers: [String: String] = [:]
            for (name, value) in message.headers ?? NATSHeaders() { headers[name] = value }
            let messageID = headers.removeValue(forKey: JetStreamHeader.messageID)
            guard let decoded = RouterHeader.decode(headers: headers, payload: message.payload, fallbackID: messageID) else {
                try await message.term(reason: "not a router message: pool, target or id header missing")
                continue
            }
            let deliveries = (try? message.metadata().numDelivered).map { Int($0) } ?? 1
            leased.append(LeasedMessage(message: decoded, deliveryCount: deliveries, receipt: message))
        }
        return leased
    }

    /// The messages the consumer has ready now, without waiting for more.
    private func available(_ max: Int) async throws -> [JetStreamMessage] {
        var messages: [JetStreamMessage] = []
        for try await message in try await consumer.fetch(PullFetchOptions(batch: max, expires: .seconds(1), noWait: true)) {
            messages.append(message)
        }
        return messages
    }

    public func ack(_ message: LeasedMessage) async throws {
        try await jetStreamMessage(message).ack()
    }

    public func nak(_ message: LeasedMessage, delay: Duration) async throws {
        try await jetStreamMessage(message).nak(delay: delay)
    }

    public func extendVisibility(_ message: LeasedMessage) async throws {
        try await jetStreamMessage(message).inProgress()
    }

    public func peek(max: Int) async throws -> [RouterMessage] {
        var next = try await consumer.info().ackFloor.streamSequence + 1
        var messages: [RouterMessage] = []
        while messages.count < max, let stored = try await consumer.context.getNextMessage(stream: consumer.stream, subject: subject, from: next) {
            next = stored.sequence + 1
            var headers: [String: String] = [:]
            for (name, value) in stored.headers ?? NATSHeaders() { headers[name] = value }
            let messageID = headers.removeValue(forKey: JetStreamHeader.messageID)
            if let message = RouterHeader.decode(headers: headers, payload: stored.payload, fallbackID: messageID) { messages.append(message) }
        }
        return messages
    }

    public func send(_ messages: [RouterMessage]) async throws {
        for message in messages {
            var headers = NATSHeaders()
            for (name, value) in RouterHeader.encode(message) { headers[name] = value }
            try await consumer.context.publish(
                subject,
                payload: message.payload,
                headers: headers,
                options: PublishOptions(messageID: message.deduplicationKey)
            )
        }
    }

    private func jetStreamMessage(_ message: LeasedMessage) throws -> JetStreamMessage {
        guard let receipt = message.receipt as? JetStreamMessage else { throw RouterQueueError("\(name) was handed another queue's message") }
        return receipt
    }
}
