import JetStream
import NATS
import NIOCore
import SluiceCore

/// The DLQ subject of a bridge stream: list what failed, and replay it to its original subject after a fix.
///
/// A replay publishes each dead letter's payload to its original subject and then deletes it from the stream.
/// The replayed message carries a new message id (`replay:<sequence>:<event_id>`): the event's own id may still be
/// in the duplicate window. The event id itself is unchanged, so an inbox still recognises an event that was
/// handled.
public struct DeadLetterQueue: Sendable {
    /// The configuration naming the stream and DLQ subject.
    public let configuration: BridgeConfiguration
    /// The context it reads and publishes through.
    public let context: JetStreamContext

    /// A DLQ on a connected client.
    public init(configuration: BridgeConfiguration, client: NATSClient) {
        self.configuration = configuration
        self.context = JetStreamContext(client: client)
    }

    /// The dead letters, oldest first, at most `limit`.
    public func list(limit: Int = 1000) async throws -> [BridgeDeadLetter] {
        var config = ConsumerConfig()
        config.filterSubject = configuration.dlqSubject
        config.ackPolicy = .none
        config.inactiveThreshold = .seconds(30)
        let info = try await context.createConsumer(stream: configuration.streamName, config: config)
        let consumer = PullConsumer(context: context, stream: configuration.streamName, name: info.name)
        do {
            let letters = try await read(consumer, pending: info.numPending, limit: limit)
            try? await context.deleteConsumer(stream: configuration.streamName, name: info.name)
            return letters
        } catch {
            try? await context.deleteConsumer(stream: configuration.streamName, name: info.name)
            throw error
        }
    }

    private func read(_ consumer: PullConsumer, pending: UInt64, limit: Int) async throws -> [BridgeDeadLetter] {
        var letters: [BridgeDeadLetter] = []
        var remaining = pending
        while remaining > 0, letters.count < limit {
            let batch = Int(min(remaining, UInt64(min(limit - letters.count, 256))))
            var received = 0
            for try await message in try await consumer.fetch(PullFetchOptions(batch: batch, expires: .seconds(5))) {
                received += 1
                letters.append(Self.letter(message))
                remaining = (try? message.metadata().numPending) ?? 0
            }
            if received == 0 { break }
        }
        return letters
    }

    /// Publishes up to `limit` dead letters to their original subjects and removes them from the DLQ.
    /// - Returns: How many were replayed.
    @discardableResult
    public func replay(limit: Int = 1000) async throws -> Int {
        let letters = try await list(limit: limit)
        for letter in letters {
            let eventID = (try? Envelope.decode(letter.payload.readableBytesView).eventID) ?? "unknown"
            _ = try await context.publish(
                letter.originalSubject,
                payload: letter.payload,
                options: PublishOptions(messageID: "replay:\(letter.sequence):\(eventID)")
            )
            try await context.deleteMessage(stream: configuration.streamName, sequence: letter.sequence)
        }
        return letters.count
    }

    private static func letter(_ message: JetStreamMessage) -> BridgeDeadLetter {
        let headers = message.headers
        return BridgeDeadLetter(
            sequence: (try? message.metadata().streamSequence) ?? 0,
            originalSubject: headers?[BridgeHeader.originalSubject] ?? "",
            reason: headers?[BridgeHeader.reason] ?? "",
            error: headers?[BridgeHeader.error] ?? "",
            deliveries: headers?[BridgeHeader.deliveries].flatMap { Int($0) } ?? 0,
            payload: message.payload
        )
    }
}
