import FoundationEssentials

/// The configuration of a consumer, as sent to `$JS.API.CONSUMER.CREATE.<stream>…` and returned in
/// ``ConsumerInfo/config``.
///
/// Optional properties are left out of the JSON when `nil`, so the server applies its default.
///
/// ```swift
/// var config = ConsumerConfig(durableName: "edge-42")
/// config.filterSubjects = ["rsfga.changes.store1.>", "rsfga.changes.store2.>"]
/// config.deliverPolicy = .new
/// config.ackWait = .seconds(30)
/// config.maxDeliver = 5
/// config.backoff = [.seconds(1), .seconds(5), .seconds(15), .seconds(30)]
/// ```
public struct ConsumerConfig: Sendable, Hashable {
    /// The name of a durable consumer (`durable_name`); durable consumers live until deleted.
    public var durableName: String?
    /// The consumer's name (`name`, server 2.9+); with no durable name the consumer is ephemeral and the
    /// server removes it after ``inactiveThreshold``. When both are set they must be equal.
    public var name: String?
    /// A description for people (`description`).
    public var description: String?
    /// Where the consumer starts (`deliver_policy`, `opt_start_seq`, `opt_start_time`). Defaults to
    /// ``DeliverPolicy/all``.
    public var deliverPolicy: DeliverPolicy = .all
    /// How messages are acknowledged (`ack_policy`). Defaults to ``AckPolicy/explicit``.
    public var ackPolicy: AckPolicy = .explicit
    /// How long the server waits for an acknowledgement before redelivering (`ack_wait`). `nil` is the
    /// server's default, 30 seconds.
    public var ackWait: Duration?
    /// The most times a message is delivered (`max_deliver`); `nil` or -1 is unlimited.
    public var maxDeliver: Int?
    /// Redelivery delays, one per delivery attempt; the last repeats (`backoff`). Overrides ``ackWait``
    /// for redeliveries; ``maxDeliver`` must be larger than the list.
    public var backoff: [Duration] = []
    /// Deliver only messages on this subject (`filter_subject`).
    public var filterSubject: String?
    /// Deliver only messages on these subjects (`filter_subjects`, server 2.10+). Use this or
    /// ``filterSubject``, not both.
    public var filterSubjects: [String] = []
    /// How fast messages are delivered (`replay_policy`). Defaults to ``ReplayPolicy/instant``.
    public var replayPolicy: ReplayPolicy = .instant
    /// Push consumers: the most bits per second delivered (`rate_limit_bps`).
    public var rateLimit: UInt64?
    /// The percentage of acknowledgements sampled for advisories, such as `"100%"` (`sample_freq`).
    public var sampleFrequency: String?
    /// Pull consumers: the most pull requests waiting at once (`max_waiting`). `nil` is the server's
    /// default, 512.
    public var maxWaiting: Int?
    /// The most delivered but unacknowledged messages (`max_ack_pending`); delivery pauses at this limit.
    /// `nil` is the server's default, 1000; -1 is unlimited.
    public var maxAckPending: Int?
    /// Push consumers: flow control (`flow_control`).
    public var flowControl: Bool = false
    /// Push consumers: the idle heartbeat interval (`idle_heartbeat`).
    public var idleHeartbeat: Duration?
    /// Deliver only headers, with the payload's size in `Nats-Msg-Size` (`headers_only`).
    public var headersOnly: Bool = false
    /// Pull consumers: the largest batch one request may ask for (`max_batch`).
    public var maxBatch: Int?
    /// Pull consumers: the longest a request may wait (`max_expires`).
    public var maxExpires: Duration?
    /// Pull consumers: the most bytes one request may ask for (`max_bytes`).
    public var maxBytes: Int?
    /// Push consumers: where messages are delivered (`deliver_subject`). Leave `nil` for pull consumers.
    public var deliverSubject: String?
    /// Push consumers: the queue group of the subscribers (`deliver_group`).
    public var deliverGroup: String?
    /// How long the consumer may be idle before the server removes it (`inactive_threshold`). For
    /// ephemeral consumers; durable ones with it set are removed too.
    public var inactiveThreshold: Duration?
    /// How many replicas keep the consumer's state (`num_replicas`); 0 takes the stream's.
    public var replicas: Int = 0
    /// Keep the consumer's state in memory even on a file stream (`mem_storage`).
    public var memoryStorage: Bool = false
    /// Free-form labels (`metadata`).
    public var metadata: [String: String] = [:]
    /// Deliver nothing until this time (`pause_until`, server 2.11+).
    public var pauseUntil: Date?
    /// Priority groups pulling clients may name (`priority_groups`, server 2.11+).
    public var priorityGroups: [String] = []
    /// How pulling clients in priority groups are served (`priority_policy`, server 2.11+).
    public var priorityPolicy: PriorityPolicy?
    /// How long a pinned client stays pinned without pulling (`priority_timeout`, server 2.11+).
    public var pinnedTTL: Duration?

    /// Creates a configuration with the server's defaults.
    /// - Parameter durableName: The durable name; `nil` makes an ephemeral consumer.
    public init(durableName: String? = nil) {
        self.durableName = durableName
    }

    /// Creates a configuration with the settings most pull consumers choose.
    public init(
        durableName: String?,
        filterSubjects: [String] = [],
        deliverPolicy: DeliverPolicy = .all,
        ackPolicy: AckPolicy = .explicit,
        ackWait: Duration? = nil,
        maxDeliver: Int? = nil,
        backoff: [Duration] = [],
        maxAckPending: Int? = nil,
        maxWaiting: Int? = nil
    ) {
        self.durableName = durableName
        if filterSubjects.count == 1 {
            self.filterSubject = filterSubjects[0]
        } else {
            self.filterSubjects = filterSubjects
        }
        self.deliverPolicy = deliverPolicy
        self.ackPolicy = ackPolicy
        self.ackWait = ackWait
        self.maxDeliver = maxDeliver
        self.backoff = backoff
        self.maxAckPending = maxAckPending
        self.maxWaiting = maxWaiting
    }

    /// The durable name, or else the name: what the consumer is called in the API.
    public var resolvedName: String? { durableName ?? name }

    /// All filter subjects, whichever property holds them.
    public var allFilterSubjects: [String] {
        if let filterSubject, !filterSubject.isEmpty { return [filterSubject] + filterSubjects }
        return filterSubjects
    }
}
