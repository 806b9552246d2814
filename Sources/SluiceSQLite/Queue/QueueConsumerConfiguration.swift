/// A durable consumer of the embedded queue: a name, the subjects it reads and how it retries.
///
/// It behaves like a JetStream durable pull consumer with explicit acks: every message whose subject
/// matches ``filterSubject`` is delivered to it (each consumer gets its own copy), leased until it is
/// acknowledged, and delivered again when the lease runs out or it is nak'ed.
public struct QueueConsumerConfiguration: Sendable, Hashable {
    /// Where a new consumer starts reading.
    public enum StartPosition: Sendable, Hashable {
        /// From the oldest message the queue still holds.
        case all
        /// From the next message published after the consumer was created.
        case new
    }

    /// The durable name: letters, digits, `-` and `_`.
    public var name: String
    /// The subjects it reads: a NATS subject filter (`orders.*`, `es.>`, `>`). Default `>`, every subject.
    public var filterSubject: String
    /// How many deliveries a message gets before it moves to the dead letters; `nil` for no limit.
    /// Default 5, as `retry.max_deliver`.
    public var maxDeliver: Int?
    /// How long a fetched message stays invisible when ``SQLiteQueue/fetch(consumer:batch:visibilityTimeout:expires:)``
    /// is not given a visibility timeout. Default 30 seconds, JetStream's default ack wait.
    public var ackWait: Duration
    /// Where a newly created consumer starts; ignored when the consumer already exists. Default ``StartPosition/all``.
    public var startPosition: StartPosition

    /// Creates a configuration with the defaults for everything but the name and the filter.
    public init(name: String, filterSubject: String = ">") {
        self.name = name
        self.filterSubject = filterSubject
        self.maxDeliver = 5
        self.ackWait = .seconds(30)
        self.startPosition = .all
    }

    /// Throws ``SluiceSQLiteError/Code/invalidArgument`` when the name, filter or limits are not valid.
    func validate() throws {
        try PlainName.validate(name, what: "consumer name")
        _ = try SubjectFilter(filterSubject)
        if let maxDeliver, maxDeliver < 1 {
            throw SluiceSQLiteError(.invalidArgument, "maxDeliver must be at least 1 (or nil for no limit), not \(maxDeliver)")
        }
        if ackWait.milliseconds < 1 {
            throw SluiceSQLiteError(.invalidArgument, "ackWait must be at least 1 ms")
        }
    }
}
