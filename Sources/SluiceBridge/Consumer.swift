import JetStream
import Logging
import NATS
import ServiceLifecycle
import SluiceCore
import Synchronization

/// Consumes what the destination application publishes for this one (`{env}.data.sync.{dest}.{app}.>`) through a
/// durable pull consumer, one message at a time (or ``concurrency`` at a time).
///
/// For each message the handler gets the event, its subject and its delivery count:
/// - it returns: the message is acknowledged, and the server confirms it;
/// - it throws: the message is nak'ed with the backoff for that delivery (`backoff[deliveries - 1]`, the last
///   repeating), to come again;
/// - it throws on delivery `max_deliver`, or throws ``PermanentFailure`` (or the message is not an envelope): the
///   message is published to the DLQ subject with headers naming the reason, the original subject and the delivery
///   count (``BridgeHeader``), then terminated.
///
/// While a handler runs longer than a third of the ack wait, the consumer sends in-progress acknowledgements so the server
/// does not deliver the message again meanwhile.
///
/// With an inbox (``init(configuration:client:durableName:batchSize:concurrency:logger:inbox:handler:)``) the event
/// id is recorded in the same transaction as the handler's writes, and an event already recorded is acknowledged
/// without calling the handler: each event is handled once even when it is delivered twice.
///
/// ``run()`` consumes until ``stop()``, a graceful shutdown (it is a `Service`) or cancellation; on a stop or
/// shutdown it drains: it stops pulling, finishes the messages already received, and returns.
///
/// The server-side consumer has no delivery limit of its own: the consumer counts deliveries and gives up at
/// `max_deliver`, so a message whose last delivery was interrupted (a crash) still reaches the DLQ.
public final class Consumer: Service, Sendable {
    /// A handler without an inbox.
    public typealias Handler = @Sendable (BridgeMessage) async throws -> Void

    /// The configuration it consumes with.
    public let configuration: BridgeConfiguration
    /// The durable consumer's name.
    public let durableName: String
    /// How many messages are pulled ahead of the handler.
    public let batchSize: Int
    /// How many messages are handled at once; 1 handles them in stream order.
    public let concurrency: Int
    let context: JetStreamContext
    let logger: Logger
    let metrics: ConsumerMetrics
    private let process: @Sendable (BridgeMessage) async throws -> InboxOutcome
    private let hasInbox: Bool
    private let state = Mutex<(stopped: Bool, messages: PullMessages?)>((false, nil))

    /// A consumer whose handler keeps its own idempotency.
    /// - Parameters:
    ///   - configuration: Subjects, `max_deliver`, `ack_wait`, `backoff`, `use_dlq`.
    ///   - client: A connected NATS client.
    ///   - durableName: The durable consumer's name; processes with the same name share the work.
    ///   - batchSize: How many messages to pull ahead. Defaults to 25.
    ///   - concurrency: How many messages to handle at once. Defaults to 1 (in stream order); more lets a handler
    ///     that waits on a database (a commit's flush) overlap with the next ones, in no particular order.
    ///   - logger: Where failures are logged.
    ///   - handler: Handles one event.
    public init(
        configuration: BridgeConfiguration,
        client: NATSClient,
        durableName: String,
        batchSize: Int = 25,
        concurrency: Int = 1,
        logger: Logger = Logger(label: "sluice.bridge"),
        handler: @escaping Handler
    ) {
        self.configuration = configuration
        self.context = JetStreamContext(client: client)
        self.durableName = durableName
        self.batchSize = max(batchSize, 1)
        self.concurrency = max(concurrency, 1)
        self.logger = logger
        self.metrics = ConsumerMetrics(consumer: durableName)
        self.process = { message in
            try await handler(message)
            return .handled
        }
        self.hasInbox = false
    }

    /// A consumer that handles each event once, through an inbox.
    /// - Parameters:
    ///   - inbox: The inbox table the event ids are recorded in.
    ///   - handler: Handles one event; it is given the inbox's open transaction for its own writes.
    ///   - configuration, client, durableName, batchSize, concurrency, logger: As in
    ///     ``init(configuration:client:durableName:batchSize:concurrency:logger:handler:)``.
    public init<Inbox: BridgeInbox>(
        configuration: BridgeConfiguration,
        client: NATSClient,
        durableName: String,
        batchSize: Int = 25,
        concurrency: Int = 1,
        logger: Logger = Logger(label: "sluice.bridge"),
        inbox: Inbox,
        handler: @escaping @Sendable (BridgeMessage, Inbox.Transaction) async throws -> Void
    ) {
        self.configuration = configuration
        self.context = JetStreamContext(client: client)
        self.durableName = durableName
        self.batchSize = max(batchSize, 1)
        self.concurrency = max(concurrency, 1)
        self.logger = logger
        self.metrics = ConsumerMetrics(consumer: durableName)
        self.process = { message in
            try await inbox.process(message) { transaction in try await handler(message, transaction) }
        }
        self.hasInbox = true
    }

    /// Makes sure the stream and the durable consumer exist, then handles messages until ``stop()``, a graceful
    /// shutdown or cancellation, draining on the first two.
    /// - Throws: ``BridgeError/Code/inboxRequired`` when `use_inbox` is on and the consumer has no inbox; errors of
    ///   JetStream when the stream or consumer cannot be made or the consumer is deleted.
    public func run() async throws {
        guard hasInbox || !configuration.useInbox else {
            throw BridgeError(.inboxRequired, "use_inbox is on: make the consumer with an inbox")
        }
        try await configuration.ensureStream(context)
        let consumer = try await context.createOrUpdatePullConsumer(stream: configuration.streamName, config: consumerConfig)
        let messages = try await consumer.messages(options: PullConsumeOptions(maxMessages: batchSize, expires: .seconds(30)))
        let stopped = state.withLock { state in
            state.messages = messages
            return state.stopped
        }
        if stopped { messages.stop() }
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                var handling = 0
                for try await message in messages {
                    if handling >= concurrency {
                        try await group.next()
                        handling -= 1
                    }
                    group.addTask { await self.handle(message) }
                    handling += 1
                }
                try await group.waitForAll()
            }
        } onGracefulShutdown: {
            self.stop()
        }
    }

    /// Starts a drain: no more pulls; ``run()`` returns once the messages already received are handled.
    public func stop() {
        let messages = state.withLock { state in
            state.stopped = true
            return state.messages
        }
        messages?.stop()
    }

    /// The durable pull consumer on the subscribe subject.
    var consumerConfig: ConsumerConfig {
        var config = ConsumerConfig(durableName: durableName, filterSubjects: [BridgeSubjects(configuration).subscribe])
        config.ackPolicy = .explicit
        config.ackWait = configuration.ackWait
        return config
    }

    /// Runs the handler (through the inbox, if any).
    func runHandler(_ message: BridgeMessage) async throws -> InboxOutcome {
        try await process(message)
    }
}

extension JetStreamContext {
    /// Creates or updates a consumer and returns a handle on it.
    fileprivate func createOrUpdatePullConsumer(stream: String, config: ConsumerConfig) async throws -> PullConsumer {
        try await createOrUpdateConsumer(stream: stream, config: config)
        return PullConsumer(context: self, stream: stream, name: config.durableName ?? "")
    }
}
