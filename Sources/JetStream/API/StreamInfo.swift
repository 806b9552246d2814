import FoundationEssentials

/// A stream's configuration and state, as `$JS.API.STREAM.INFO.<name>` returns it.
public struct StreamInfo: Sendable, Hashable, Decodable {
    /// The configuration, with the server's defaults filled in.
    public var config: StreamConfig
    /// When the stream was created.
    public var created: Date?
    /// The stream's messages, bytes and sequences.
    public var state: StreamState
    /// The JetStream domain the stream lives in, if any.
    public var domain: String?
    /// Where the stream's replicas are and who leads them.
    public var cluster: ClusterInfo?
    /// How far the mirror is behind its origin.
    public var mirror: StreamSourceInfo?
    /// How far each source is behind.
    public var sources: [StreamSourceInfo]
    /// When the server gathered this information (`ts`).
    public var timestamp: Date?

    enum CodingKeys: String, CodingKey {
        case config, created, state, domain, cluster, mirror, sources
        case timestamp = "ts"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        config = try c.decode(StreamConfig.self, forKey: .config)
        created = try c.decodeDateIfPresent(forKey: .created)
        state = try c.decode(StreamState.self, forKey: .state)
        domain = try c.decodeIfPresent(String.self, forKey: .domain)
        cluster = try c.decodeIfPresent(ClusterInfo.self, forKey: .cluster)
        mirror = try c.decodeIfPresent(StreamSourceInfo.self, forKey: .mirror)
        sources = try c.decode([StreamSourceInfo].self, forKey: .sources, default: [])
        timestamp = try c.decodeDateIfPresent(forKey: .timestamp)
    }
}

/// The messages a stream holds (`state`).
public struct StreamState: Sendable, Hashable, Decodable {
    /// How many messages are stored (`messages`).
    public var messages: UInt64
    /// How many bytes are stored (`bytes`).
    public var bytes: UInt64
    /// The sequence of the first stored message (`first_seq`).
    public var firstSequence: UInt64
    /// When the first stored message was stored (`first_ts`).
    public var firstTime: Date?
    /// The sequence of the last stored message (`last_seq`).
    public var lastSequence: UInt64
    /// When the last stored message was stored (`last_ts`).
    public var lastTime: Date?
    /// How many distinct subjects are stored (`num_subjects`).
    public var subjectCount: Int
    /// Messages per subject, when asked for with a subject filter (`subjects`).
    public var subjects: [String: UInt64]
    /// How many sequences between first and last were deleted (`num_deleted`).
    public var deletedCount: Int
    /// The deleted sequences, when asked for (`deleted`).
    public var deleted: [UInt64]
    /// How many consumers the stream has (`consumer_count`).
    public var consumerCount: Int

    enum CodingKeys: String, CodingKey {
        case messages, bytes
        case firstSequence = "first_seq"
        case firstTime = "first_ts"
        case lastSequence = "last_seq"
        case lastTime = "last_ts"
        case subjectCount = "num_subjects"
        case subjects
        case deletedCount = "num_deleted"
        case deleted
        case consumerCount = "consumer_count"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        messages = try c.decode(UInt64.self, forKey: .messages, default: 0)
        bytes = try c.decode(UInt64.self, forKey: .bytes, default: 0)
        firstSequence = try c.decode(UInt64.self, forKey: .firstSequence, default: 0)
        firstTime = try c.decodeDateIfPresent(forKey: .firstTime)
        lastSequence = try c.decode(UInt64.self, forKey: .lastSequence, default: 0)
        lastTime = try c.decodeDateIfPresent(forKey: .lastTime)
        subjectCount = try c.decode(Int.self, forKey: .subjectCount, default: 0)
        subjects = try c.decode([String: UInt64].self, forKey: .subjects, default: [:])
        deletedCount = try c.decode(Int.self, forKey: .deletedCount, default: 0)
        deleted = try c.decode([UInt64].self, forKey: .deleted, default: [])
        consumerCount = try c.decode(Int.self, forKey: .consumerCount, default: 0)
    }
}

/// How far a mirror or source is behind the stream it copies (`mirror`, `sources` in stream info).
public struct StreamSourceInfo: Sendable, Hashable, Decodable {
    /// The name of the stream copied from.
    public var name: String
    /// Messages not yet copied (`lag`).
    public var lag: UInt64
    /// Time since the source was last active (`active`); `nil` when it never was.
    public var active: Duration?
    /// Why copying fails, when it does.
    public var error: JetStreamAPIError?
    /// The filter applied (`filter_subject`).
    public var filterSubject: String?

    enum CodingKeys: String, CodingKey {
        case name, lag, active, error
        case filterSubject = "filter_subject"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name, default: "")
        lag = try c.decode(UInt64.self, forKey: .lag, default: 0)
        let nanos = try c.decodeIfPresent(Int64.self, forKey: .active) ?? -1
        active = nanos < 0 ? nil : .nanoseconds(nanos)
        error = try c.decodeIfPresent(JetStreamAPIError.self, forKey: .error)
        filterSubject = try c.decodeIfPresent(String.self, forKey: .filterSubject)
    }
}

/// Where a stream's or consumer's replicas are (`cluster`).
public struct ClusterInfo: Sendable, Hashable, Decodable {
    /// The cluster's name.
    public var name: String?
    /// The server leading the group.
    public var leader: String?
    /// The other replicas.
    public var replicas: [PeerInfo]

    enum CodingKeys: String, CodingKey { case name, leader, replicas }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        leader = try c.decodeIfPresent(String.self, forKey: .leader)
        replicas = try c.decode([PeerInfo].self, forKey: .replicas, default: [])
    }
}

/// One replica of a stream or consumer.
public struct PeerInfo: Sendable, Hashable, Decodable {
    /// The server's name.
    public var name: String
    /// Whether it is caught up with the leader.
    public var current: Bool
    /// Whether it has not been seen recently.
    public var offline: Bool
    /// Time since it was last active.
    public var active: Duration
    /// How many operations it is behind.
    public var lag: UInt64

    enum CodingKeys: String, CodingKey { case name, current, offline, active, lag }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name, default: "")
        current = try c.decode(Bool.self, forKey: .current, default: false)
        offline = try c.decode(Bool.self, forKey: .offline, default: false)
        active = try c.decodeNanosecondsIfPresent(forKey: .active) ?? .zero
        lag = try c.decode(UInt64.self, forKey: .lag, default: 0)
    }
}
