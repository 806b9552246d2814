import NATS
import NIOCore

/// A message delivered by a JetStream consumer, with the means to acknowledge it.
///
/// Acknowledge each message once: ``ack()`` when it is processed, ``nak(delay:)`` to have it delivered
/// again, ``term(reason:)`` to never see it again; ``inProgress()`` any number of times before that to
/// restart the ack wait while working on it.
public struct JetStreamMessage: Sendable {
    /// The message as it arrived.
    public let message: NATSMessage
    @usableFromInline let client: NATSClient

    init(message: NATSMessage, client: NATSClient) {
        self.message = message
        self.client = client
    }

    /// The subject it was published to.
    public var subject: String { message.subject }
    /// Its headers, if any.
    public var headers: NATSHeaders? { message.headers }
    /// Its payload.
    public var payload: ByteBuffer { message.payload }
    /// The payload read as UTF-8.
    public var string: String { message.string }
    /// The ack subject the server gave it.
    public var replyTo: String? { message.replyTo }

    /// Stream, consumer, sequences, delivery count, timestamp and pending count, read from the ack subject.
    /// - Throws: ``JetStreamError/Code/notJetStreamMessage`` when the message has no ack subject.
    public func metadata() throws -> MessageMetadata {
        guard let replyTo = message.replyTo else { throw Self.noAckSubject }
        return try MessageMetadata(ackSubject: replyTo)
    }

    /// Marks the message processed (`+ACK`). Does not wait for the server; see ``ackSync(timeout:)``.
    ///
    /// Inlined, and run on the caller's executor: acknowledging costs no async call of its own.
    @inlinable
    nonisolated(nonsending) public func ack() async throws {
        guard let replyTo = message.replyTo else { throw Self.noAckSubject }
        do {
            try await client.publish(replyTo, payload: AckKind.ackBuffer)
        } catch {
            throw JetStreamError(clientError: error, while: "acknowledging")
        }
    }

    /// Marks the message processed and waits until the server confirms it recorded the acknowledgement.
    public func ackSync(timeout: Duration = .seconds(5)) async throws {
        guard let replyTo = message.replyTo else { throw Self.noAckSubject }
        do {
            _ = try await client.request(replyTo, payload: AckKind.ack.buffer, timeout: timeout)
        } catch {
            throw JetStreamError(clientError: error, while: "acknowledging")
        }
    }

    /// Asks for the message to be delivered again, at once or after `delay` (`-NAK`).
    public func nak(delay: Duration? = nil) async throws {
        try await send(.nak(delay: delay))
    }

    /// Says the message is still being worked on, restarting its ack wait (`+WPI`).
    public func inProgress() async throws {
        try await send(.inProgress)
    }

    /// Stops delivery of the message for good (`+TERM`); the reason goes into the server's advisory.
    public func term(reason: String? = nil) async throws {
        try await send(.term(reason: reason))
    }

    private func send(_ kind: AckKind) async throws {
        guard let replyTo = message.replyTo else { throw Self.noAckSubject }
        do {
            try await client.publish(replyTo, payload: kind.buffer)
        } catch {
            throw JetStreamError(clientError: error, while: "acknowledging")
        }
    }

    @usableFromInline
    static var noAckSubject: JetStreamError { JetStreamError(.notJetStreamMessage, "the message has no ack subject") }

    /// The size the server counts against a pull request's `max_bytes`: subject, headers and payload.
    var accountedSize: Int {
        var size = message.subject.utf8.count + message.payload.readableBytes + (message.replyTo?.utf8.count ?? 0)
        if let headers = message.headers {
            size += 12
            for (name, value) in headers { size += name.utf8.count + value.utf8.count + 4 }
        }
        return size
    }
}
