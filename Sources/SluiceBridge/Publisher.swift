import JetStream
import Logging
import NATS
import NIOCore
import SluiceCore

/// Publishes this application's events on `{env}.data.sync.{app}.{dest}.{resource}.{event}`.
///
/// Every event is an ``SluiceCore/Envelope`` whose `event_id` is also the `Nats-Msg-Id`, so a publish
/// retried within the stream's duplicate window is stored once.
///
/// Three ways to use it:
/// - direct: ``publish(resourceType:resourceID:eventType:payload:traceID:)`` publishes and waits for the stream's
///   acknowledgement;
/// - through the outbox: the store modules add `publish(…, in: transaction)`, which inserts the event into the
///   outbox table inside the caller's own transaction (a rolled-back transaction publishes nothing) and leaves the
///   sending to the outbox relay;
/// - ephemeral, for short scripts: ``publishOnce(configuration:resourceType:resourceID:eventType:payload:traceID:logger:)``
///   connects, publishes and closes.
///
/// ```swift
/// let publisher = try await Publisher.connect(configuration: configuration)
/// try await publisher.publish(resourceType: "user", resourceID: "42", eventType: "created", payload: ["name": "Ada"])
/// await publisher.close()
/// ```
public final class Publisher: Sendable {
    /// The configuration subjects and envelopes come from.
    public let configuration: BridgeConfiguration
    /// The JetStream context direct publishes go through; `nil` for a publisher made for the outbox only.
    public let context: JetStreamContext?
    private let ownsClient: Bool

    /// A publisher on an existing connection; it leaves the connection open on ``close()``.
    public init(configuration: BridgeConfiguration, client: NATSClient) {
        self.configuration = configuration
        self.context = JetStreamContext(client: client)
        self.ownsClient = false
    }

    /// A publisher for the outbox only: it has no NATS connection, and only the store modules' `publish(…, in:)`
    /// works.
    public init(configuration: BridgeConfiguration) {
        self.configuration = configuration
        self.context = nil
        self.ownsClient = false
    }

    private init(configuration: BridgeConfiguration, ownedClient: NATSClient) {
        self.configuration = configuration
        self.context = JetStreamContext(client: ownedClient)
        self.ownsClient = true
    }

    /// Connects to ``BridgeConfiguration/natsURLs``, makes sure the stream exists, and returns a publisher that
    /// closes the connection on ``close()``.
    public static func connect(configuration: BridgeConfiguration, logger: Logger = Logger(label: "sluice.bridge")) async throws -> Publisher {
        try configuration.validate()
        let client = try await configuration.connect(logger: logger)
        let publisher = Publisher(configuration: configuration, ownedClient: client)
        do {
            try await publisher.prepare()
        } catch {
            await client.close()
            throw error
        }
        return publisher
    }

    /// The ephemeral mode: connects, publishes one event, waits for its acknowledgement and closes.
    @discardableResult
    public static func publishOnce(
        configuration: BridgeConfiguration,
        resourceType: String,
        resourceID: String,
        eventType: String,
        payload: JSONValue = .object(JSONObject()),
        traceID: String? = nil,
        logger: Logger = Logger(label: "sluice.bridge")
    ) async throws -> PublishedEvent {
        let publisher = try await connect(configuration: configuration, logger: logger)
        do {
            let event = try await publisher.publish(
                resourceType: resourceType,
                resourceID: resourceID,
                eventType: eventType,
                payload: payload,
                traceID: traceID
            )
            await publisher.close()
            return event
        } catch {
            await publisher.close()
            throw error
        }
    }

    /// Makes sure the bridge's stream exists (see ``BridgeConfiguration/ensureStream(_:)``).
    public func prepare() async throws {
        try await configuration.ensureStream(try requireContext())
    }

    /// Publishes an event and waits until the stream stored it.
    ///
    /// - Returns: The envelope sent, its subject and the acknowledgement.
    /// - Throws: ``BridgeError/Code/outboxRequired`` when `use_outbox` is on (use the store's `publish(…, in:)`),
    ///   ``BridgeError/Code/notConnected`` for a publisher made for the outbox only,
    ///   ``BridgeError/Code/invalidSubject`` for a resource or event type that is not a subject token, and
    ///   ``JetStream/JetStreamError`` when the stream does not acknowledge.
    @discardableResult
    public func publish(
        resourceType: String,
        resourceID: String,
        eventType: String,
        payload: JSONValue = .object(JSONObject()),
        traceID: String? = nil
    ) async throws -> PublishedEvent {
        guard !configuration.useOutbox else {
            throw BridgeError(.outboxRequired, "use_outbox is on: publish inside a database transaction, through the outbox")
        }
        let context = try requireContext()
        let envelope = configuration.makeEnvelope(
            resourceType: resourceType,
            resourceID: resourceID,
            eventType: eventType,
            payload: payload,
            traceID: traceID
        )
        let subject = try BridgeSubjects(configuration).publish(resourceType: resourceType, eventType: eventType)
        let ack = try await context.publish(
            subject,
            payload: ByteBuffer(bytes: envelope.encoded()),
            options: PublishOptions(messageID: envelope.eventID)
        )
        return PublishedEvent(envelope: envelope, subject: subject, ack: ack)
    }

    /// Closes the connection when the publisher made it (``connect(configuration:logger:)``).
    public func close() async {
        if ownsClient, let context { await context.client.close() }
    }

    private func requireContext() throws(BridgeError) -> JetStreamContext {
        guard let context else {
            throw BridgeError(.notConnected, "this publisher was made for the outbox only and has no NATS connection")
        }
        return context
    }
}
