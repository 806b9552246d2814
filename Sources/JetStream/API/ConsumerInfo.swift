import FoundationEssentials

/// A consumer's configuration and progress, as `$JS.API.CONSUMER.INFO.<stream>.<name>` returns it.
///
/// The lag a sync agent watches is ``numPending`` (not yet delivered) plus ``numAckPending`` (delivered,
/// not yet acknowledged).
public struct ConsumerInfo: Sendable, Hashable, Decodable {
    /// The stream the consumer reads (`stream_name`).
    public var streamName: String
    /// The consumer's name.
    public var name: String
    /// When it was created.
    public var created: Date?
    /// Its configuration, with the server's defaults filled in.
    public var config: ConsumerConfig
    /// The last message delivered (`delivered`).
    public var delivered: SequenceInfo
    /// The last message below which all are acknowledged (`ack_floor`).
    public var ackFloor: SequenceInfo
    /// Messages delivered and not yet acknowledged (`num_ack_pending`).
    public var numAckPending: Int
    /// Messages delivered more than once and not yet acknowledged (`num_redelivered`).
    public var numRedelivered: Int
    /// Pull requests waiting for messages (`num_waiting`).
    public var numWaiting: Int
    /// Messages matching the filter that are not yet delivered (`num_pending`).
    public var numPending: UInt64
    /// Where the consumer's replicas are.
    public var cluster: ClusterInfo?
    /// Whether a push consumer has an active subscriber (`push_bound`).
    public var pushBound: Bool
    /// Whether the consumer is paused (`paused`, server 2.11+).
    public var paused: Bool
    /// How much longer it stays paused (`pause_remaining`).
    public var pauseRemaining: Duration?
    /// When the server gathered this information (`ts`).
    public var timestamp: Date?

    enum CodingKeys: String, CodingKey {
        case streamName = "stream_name"
        case name, created, config, delivered
        case ackFloor = "ack_floor"
        case numAckPending = "num_ack_pending"
        case numRedelivered = "num_redelivered"
        case numWaiting = "num_waiting"
        case numPending = "num_pending"
        case cluster
        case pushBound = "push_bound"
        case paused
        case pauseRemaining = "pause_remaining"
        case timestamp = "ts"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        streamName = try c.decode(String.self, forKey: .streamName, default: "")
        name = try c.decode(String.self, forKey: .name, default: "")
        created = try c.decodeDateIfPresent(forKey: .created)
        config = try c.decodeIfPresent(ConsumerConfig.self, forKey: .config) ?? ConsumerConfig()
        delivered = try c.decode(SequenceInfo.self, forKey: .delivered, default: SequenceInfo())
        ackFloor = try c.decode(SequenceInfo.self, forKey: .ackFloor, default: SequenceInfo())
        numAckPending = try c.decode(Int.self, forKey: .numAckPending, default: 0)
        numRedelivered = try c.decode(Int.self, forKey: .numRedelivered, default: 0)
        numWaiting = try c.decode(Int.self, forKey: .numWaiting, default: 0)
        numPending = try c.decode(UInt64.self, forKey: .numPending, default: 0)
        cluster = try c.decodeIfPresent(ClusterInfo.self, forKey: .cluster)
        pushBound = try c.decode(Bool.self, forKey: .pushBound, default: false)
        paused = try c.decode(Bool.self, forKey: .paused, default: false)
        pauseRemaining = try c.decodeNanosecondsIfPresent(forKey: .pauseRemaining)
        timestamp = try c.decodeDateIfPresent(forKey: .timestamp)
    }
}

/// A position in a consumer: its own sequence and the stream's (`delivered`, `ack_floor`).
public struct SequenceInfo: Sendable, Hashable, Decodable {
    /// The consumer sequence (`consumer_seq`): counts deliveries, including redeliveries.
    public var consumerSequence: UInt64
    /// The stream sequence (`stream_seq`).
    public var streamSequence: UInt64
    /// When this position was last reached (`last_active`).
    public var lastActive: Date?

    /// Creates a position.
    public init(consumerSequence: UInt64 = 0, streamSequence: UInt64 = 0, lastActive: Date? = nil) {
        self.consumerSequence = consumerSequence
        self.streamSequence = streamSequence
        self.lastActive = lastActive
    }

    enum CodingKeys: String, CodingKey {
        case consumerSequence = "consumer_seq"
        case streamSequence = "stream_seq"
        case lastActive = "last_active"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        consumerSequence = try c.decode(UInt64.self, forKey: .consumerSequence, default: 0)
        streamSequence = try c.decode(UInt64.self, forKey: .streamSequence, default: 0)
        lastActive = try c.decodeDateIfPresent(forKey: .lastActive)
    }
}
