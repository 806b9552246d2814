import JetStream
import NIOCore
import SwiftProtobuf

/// Publishes tuple changes to the change stream, on `<prefix>.<store>.<operation>.<object_type>`, each with its change
/// id as `Nats-Msg-Id`, so a change published twice within the stream's duplicate window is stored once.
///
/// ```swift
/// let publisher = ChangePublisher(context: JetStreamContext(client: client))
/// try await publisher.publish(change)                 // waits for the stream's acknowledgement
/// let acks = try await publisher.publishBatch(changes) // many in flight at once, each acknowledged
/// ```
public struct ChangePublisher: Sendable {
    /// The JetStream context publishes go through.
    public let context: JetStreamContext
    /// The subjects' prefix. Default `rsfga.changes`.
    public let prefix: String
    /// The most publishes of a batch waiting for their acknowledgement at once. Default 4,000.
    public let window: Int

    /// Creates a publisher.
    public init(context: JetStreamContext, prefix: String = ChangeSubjects.defaultPrefix, window: Int = 4000) {
        self.context = context
        self.prefix = prefix
        self.window = window
    }

    /// Publishes one change and waits for the stream to store it.
    /// - Throws: ``EdgeError`` for an invalid change; `JetStreamError` when it is not stored.
    @discardableResult
    public func publish(_ change: TupleChange) async throws -> PubAck {
        let (subject, payload) = try encode(change)
        return try await context.publish(subject, payload: payload, options: PublishOptions(messageID: change.changeID))
    }

    /// Publishes changes with up to ``window`` acknowledgements outstanding, and returns once all are stored, their
    /// acknowledgements in order. Every change is checked before the first is sent.
    /// - Throws: ``EdgeError`` for an invalid change (nothing is sent); the first failed acknowledgement otherwise.
    @discardableResult
    public func publishBatch(_ changes: [TupleChange]) async throws -> [PubAck] {
        let encoded = try changes.map { change in (try encode(change), change.changeID) }
        let publisher = try await context.makePublisher(options: JetStreamPublisher.Options(maxPending: window))
        do {
            var futures: [PubAckFuture] = []
            futures.reserveCapacity(encoded.count)
            for ((subject, payload), id) in encoded {
                futures.append(try await publisher.publish(subject, payload: payload, options: PublishOptions(messageID: id)))
            }
            var acks: [PubAck] = []
            acks.reserveCapacity(futures.count)
            for future in futures { acks.append(try await future.value()) }
            await publisher.close()
            return acks
        } catch {
            await publisher.close()
            throw error
        }
    }

    /// The subject and protobuf bytes of a valid change.
    public func encode(_ change: TupleChange) throws -> (subject: String, payload: ByteBuffer) {
        try change.validate()
        let bytes: [UInt8] = try change.serializedBytes()
        return (change.subject(prefix: prefix), ByteBuffer(bytes: bytes))
    }
}
