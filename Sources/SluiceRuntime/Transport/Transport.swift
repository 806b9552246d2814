import NIOCore

/// The durable hop between a pipeline's source and its deliver stage, with the semantics of a JetStream
/// stream and a durable pull consumer with explicit acks.
///
/// Transports come from ``TransportConnector``s; the two built in behave the same: NATS JetStream and the embedded
/// SQLite queue. A message is delivered until it is acknowledged or terminated; a nak
/// redelivers it after a delay; a message not settled within the ack wait is delivered again. Delivery
/// limits are enforced by the pipeline (``RetrySettings/maxDeliver``), which moves records past them to the
/// dead letters with ``deadLetter(_:)``, so both transports count and report them the same way.
public protocol Transport: Sendable {
    /// `jetstream` or `sqlite`, for logs and `/pipelines`.
    var name: String { get }

    /// Creates (or updates) what a pipeline needs: the stream holding `subject` and a durable consumer.
    func prepare(_ binding: TransportBinding) async throws(TransportError)

    /// Publishes messages and waits until the transport stored every one (a duplicate message id counts as stored).
    func publish(_ messages: [TransportOutgoingMessage]) async throws(TransportError)

    /// Leases up to `batch` messages to the binding's consumer, waiting up to `expires` when none is ready.
    func fetch(_ binding: TransportBinding, batch: Int, expires: Duration) async throws(TransportError) -> [TransportMessage]

    /// Settles a message as done.
    func ack(_ message: TransportMessage) async throws(TransportError)
    /// Asks for redelivery after `delay`.
    func nak(_ message: TransportMessage, delay: Duration) async throws(TransportError)
    /// Gives up on a message without redelivery (its records must already be in the dead letters).
    func term(_ message: TransportMessage, reason: String) async throws(TransportError)
    /// Restarts the message's ack wait while it is being worked on.
    func inProgress(_ message: TransportMessage) async throws(TransportError)

    /// Messages the binding's consumer has not settled: not yet delivered plus delivered and unacknowledged.
    func pending(_ binding: TransportBinding) async throws(TransportError) -> Int

    /// Stores a record that cannot be delivered, with why, in the pipeline's dead letters.
    func deadLetter(_ letter: OutgoingDeadLetter) async throws(TransportError)
    /// A page of at most `limit` dead letters, newest first (with `pipeline` `nil`, those of every pipeline; JetStream
    /// lists them pipeline by pipeline), starting after `cursor` (a page's ``DeadLetterPage/nextCursor``; `nil` for
    /// the first page). A cursor the transport cannot read is ``TransportError/Code/invalidArgument``.
    func deadLetters(pipeline: String?, limit: Int, cursor: String?) async throws(TransportError) -> DeadLetterPage
    /// One dead letter by its id, read directly.
    func deadLetter(id: String) async throws(TransportError) -> DeadLetter?
    /// Removes dead letters and returns them, for replay or purge; `ids` `nil` for all of `pipeline` (or all).
    func takeDeadLetters(pipeline: String?, ids: [String]?) async throws(TransportError) -> [DeadLetter]
    /// Claims the replay of `pipeline`'s dead letters for `holder` until `lease` from now, for every process sharing
    /// this transport; claiming again while holding it renews the claim. `false` when another holder's claim has
    /// not run out.
    func claimDeadLetterReplay(pipeline: String, holder: String, lease: Duration) async throws(TransportError) -> Bool
    /// Ends `holder`'s claim on the replay of `pipeline`'s dead letters; nothing when it holds none.
    func releaseDeadLetterReplay(pipeline: String, holder: String) async throws(TransportError)

    /// A checkpoint kept by the transport itself (a key-value bucket), for sources that resume; `nil` when the
    /// transport keeps none (sources then use a ``FileCheckpointStore``). Default `nil`.
    func checkpointStore(bucket: String, key: String) -> (any CheckpointStore)?

    /// What keeps the transport from working now (a lost connection), for `/readyz`; empty when nothing. Default
    /// empty.
    var readinessProblems: [String] { get }

    /// Closes connections and files; in-flight calls finish first.
    func close() async
}

extension Transport {
    /// The first page of dead letters, newest first.
    public func deadLetters(pipeline: String?, limit: Int) async throws(TransportError) -> [DeadLetter] {
        try await deadLetters(pipeline: pipeline, limit: limit, cursor: nil).letters
    }

    public func checkpointStore(bucket: String, key: String) -> (any CheckpointStore)? { nil }
    public var readinessProblems: [String] { [] }
}

/// What a pipeline uses in the transport: where its source publishes and the consumer its deliver stage reads.
public struct TransportBinding: Sendable, Hashable {
    /// The pipeline name; also the durable consumer's name.
    public var pipeline: String
    /// The subject the source publishes batches to.
    public var subject: String
    /// The subject dead letters of this pipeline are published to.
    public var deadLetterSubject: String
    /// How long a delivered message may stay unacknowledged before it is delivered again. Default 30 s.
    public var ackWait: Duration = .seconds(30)
    /// What the consumer reads. Default ``TransportInput/pipelineSubject``.
    public var input: TransportInput = .pipelineSubject

    /// Creates a binding.
    public init(pipeline: String, subject: String, deadLetterSubject: String) {
        self.pipeline = pipeline
        self.subject = subject
        self.deadLetterSubject = deadLetterSubject
    }
}

/// What a binding's consumer reads.
public enum TransportInput: Sendable, Hashable {
    /// The pipeline's own subject, where its source publishes batches of envelopes (``TransportBinding/subject``).
    case pipelineSubject
    /// An existing JetStream stream of single envelopes that another role or application fills (a `jetstream` source).
    case existingStream(JetStreamSourceConfig)

    /// Whether the consumer reads an existing stream rather than the pipeline's own subject.
    public var isExistingStream: Bool { if case .existingStream = self { true } else { false } }
}

/// A message to publish.
public struct TransportOutgoingMessage: Sendable {
    /// The subject.
    public var subject: String
    /// The body.
    public var payload: ByteBuffer
    /// Headers (`Sluice-Batch-Count`, …).
    public var headers: [String: String]
    /// The deduplication id (`Nats-Msg-Id`): publishing the same id twice within the duplicate window stores it once.
    public var messageID: String?

    /// Creates a message.
    public init(subject: String, payload: ByteBuffer, headers: [String: String] = [:], messageID: String? = nil) {
        self.subject = subject
        self.payload = payload
        self.headers = headers
        self.messageID = messageID
    }
}

/// A delivered message, leased until it is settled.
public struct TransportMessage: Sendable {
    /// The subject it was published to.
    public var subject: String
    /// The body.
    public var payload: ByteBuffer
    /// Its headers.
    public var headers: [String: String]
    /// 1 on the first delivery, then 2, 3…
    public var deliveryCount: Int
    /// When the transport stored it, for the hop latency; `nil` when unknown.
    public var storedAt: WallClock.Instant?
    /// The transport's handle for settling it.
    public let receipt: any Sendable

    /// Creates a message; `receipt` is the transport's own handle.
    public init(
        subject: String,
        payload: ByteBuffer,
        headers: [String: String],
        deliveryCount: Int,
        storedAt: WallClock.Instant? = nil,
        receipt: any Sendable
    ) {
        self.subject = subject
        self.payload = payload
        self.headers = headers
        self.deliveryCount = deliveryCount
        self.storedAt = storedAt
        self.receipt = receipt
    }
}

/// A record on its way to the dead letters.
public struct OutgoingDeadLetter: Sendable {
    /// The pipeline it failed in.
    public var pipeline: String
    /// The subject it was on (the rendered record subject, or the transport subject when it could not be rendered).
    public var originalSubject: String
    /// Where the pipeline's dead letters go.
    public var deadLetterSubject: String
    /// Why it failed.
    public var reason: String
    /// Deliveries tried (0 when it was rejected before the first).
    public var deliveries: Int
    /// The record as received.
    public var payload: ByteBuffer

    /// Creates a dead letter.
    public init(pipeline: String, originalSubject: String, deadLetterSubject: String, reason: String, deliveries: Int, payload: ByteBuffer) {
        self.pipeline = pipeline
        self.originalSubject = originalSubject
        self.deadLetterSubject = deadLetterSubject
        self.reason = reason
        self.deliveries = deliveries
        self.payload = payload
    }
}
