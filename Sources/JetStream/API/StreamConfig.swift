/// The configuration of a stream, as sent to `$JS.API.STREAM.CREATE.<name>` and returned in
/// ``StreamInfo/config``.
///
/// Properties left at their defaults are the server's defaults; optional ones are left out of the JSON
/// when `nil`, so the server chooses.
///
/// ```swift
/// var config = StreamConfig(name: "RSFGA_CHANGES", subjects: ["rsfga.changes.>"])
/// config.retention = .workQueue
/// config.replicas = 3
/// config.maxBytes = 100 * 1024 * 1024 * 1024
/// config.duplicateWindow = .seconds(120)
/// ```
public struct StreamConfig: Sendable, Hashable {
    /// The stream's name (`name`): letters, digits, `-` and `_`; no spaces, `.`, `*`, `>`, or path separators.
    public var name: String
    /// A description for people (`description`).
    public var description: String?
    /// The subjects the stream stores (`subjects`); may contain wildcards. Empty for mirrors.
    public var subjects: [String]
    /// When messages are removed (`retention`). Defaults to ``RetentionPolicy/limits``.
    public var retention: RetentionPolicy = .limits
    /// The most consumers the stream may have (`max_consumers`). Defaults to -1, unlimited.
    public var maxConsumers: Int = -1
    /// The most messages kept (`max_msgs`). Defaults to -1, unlimited.
    public var maxMessages: Int64 = -1
    /// The most bytes kept (`max_bytes`). Defaults to -1, unlimited.
    public var maxBytes: Int64 = -1
    /// The oldest a message may get (`max_age`). Defaults to zero, unlimited.
    public var maxAge: Duration = .zero
    /// The most messages kept per subject (`max_msgs_per_subject`). Defaults to -1, unlimited.
    public var maxMessagesPerSubject: Int64 = -1
    /// The largest message accepted, in bytes (`max_msg_size`). Defaults to -1, the server's `max_payload`.
    public var maxMessageSize: Int = -1
    /// What happens when a limit is reached (`discard`). Defaults to ``DiscardPolicy/old``.
    public var discard: DiscardPolicy = .old
    /// With ``DiscardPolicy/new``, apply the per-subject limit by refusing new messages
    /// (`discard_new_per_subject`). Defaults to `false`.
    public var discardNewPerSubject: Bool = false
    /// Where messages are kept (`storage`). Defaults to ``StorageType/file``.
    public var storage: StorageType = .file
    /// How many servers keep a copy (`num_replicas`), 1 to 5. Defaults to 1.
    public var replicas: Int = 1
    /// Do not acknowledge publishes (`no_ack`). Defaults to `false`.
    public var noAck: Bool = false
    /// How long message ids are remembered to drop duplicates (`duplicate_window`). `nil` lets the server
    /// choose: 2 minutes, or `maxAge` when that is shorter.
    public var duplicateWindow: Duration?
    /// Where replicas are placed in a cluster (`placement`).
    public var placement: Placement?
    /// The stream this one mirrors (`mirror`); a mirror has no subjects of its own.
    public var mirror: StreamSource?
    /// Streams whose messages this one also stores (`sources`).
    public var sources: [StreamSource] = []
    /// Refuse all changes: no new messages, deletes or purges (`sealed`). Can only be set by an update.
    public var sealed: Bool = false
    /// Refuse deleting single messages (`deny_delete`).
    public var denyDelete: Bool = false
    /// Refuse purges (`deny_purge`).
    public var denyPurge: Bool = false
    /// Allow the `Nats-Rollup` header to replace a subject's or the stream's messages (`allow_rollup_hdrs`).
    public var allowRollup: Bool = false
    /// How stored messages are compressed (`compression`, server 2.10+). Defaults to ``StoreCompression/none``.
    public var compression: StoreCompression = .none
    /// The sequence of the first message (`first_seq`).
    public var firstSequence: UInt64?
    /// A mapping applied to the subjects of incoming messages (`subject_transform`, server 2.10+).
    public var subjectTransform: SubjectTransform?
    /// Republish stored messages to another subject (`republish`).
    public var republish: Republish?
    /// Allow direct gets from any replica (`allow_direct`); key-value buckets use it.
    public var allowDirect: Bool = false
    /// Allow direct gets from mirrors as well (`mirror_direct`).
    public var mirrorDirect: Bool = false
    /// Defaults for consumers created on this stream (`consumer_limits`, server 2.10+).
    public var consumerLimits: StreamConsumerLimits?
    /// Honour the `Nats-TTL` header on published messages (`allow_msg_ttl`, server 2.11+).
    public var allowMessageTTL: Bool = false
    /// Leave a delete marker with this TTL when limits remove a subject's last message
    /// (`subject_delete_marker_ttl`, server 2.11+).
    public var subjectDeleteMarkerTTL: Duration?
    /// Make the stream a counter stream (`allow_msg_counter`, server 2.12+).
    public var allowMessageCounter: Bool = false
    /// Allow atomic batch publishing (`allow_atomic`, server 2.12+).
    public var allowAtomicPublish: Bool = false
    /// Allow scheduled messages (`allow_msg_schedules`, server 2.12+).
    public var allowMessageSchedules: Bool = false
    /// When a publish counts as stored (`persist_mode`, server 2.12+); `nil` is the server's default.
    public var persistMode: PersistMode?
    /// Free-form labels (`metadata`). The server adds `_nats.*` entries of its own.
    public var metadata: [String: String] = [:]

    /// Creates a configuration with the server's defaults.
    /// - Parameters:
    ///   - name: The stream's name.
    ///   - subjects: The subjects it stores.
    public init(name: String, subjects: [String] = []) {
        self.name = name
        self.subjects = subjects
    }

    /// Creates a configuration with the settings most streams choose.
    public init(
        name: String,
        subjects: [String],
        retention: RetentionPolicy = .limits,
        storage: StorageType = .file,
        replicas: Int = 1,
        maxMessages: Int64 = -1,
        maxBytes: Int64 = -1,
        maxAge: Duration = .zero,
        maxMessagesPerSubject: Int64 = -1,
        maxMessageSize: Int = -1,
        discard: DiscardPolicy = .old,
        duplicateWindow: Duration? = nil,
        metadata: [String: String] = [:]
    ) {
        self.init(name: name, subjects: subjects)
        self.retention = retention
        self.storage = storage
        self.replicas = replicas
        self.maxMessages = maxMessages
        self.maxBytes = maxBytes
        self.maxAge = maxAge
        self.maxMessagesPerSubject = maxMessagesPerSubject
        self.maxMessageSize = maxMessageSize
        self.discard = discard
        self.duplicateWindow = duplicateWindow
        self.metadata = metadata
    }
}
