/// The configuration of a key-value bucket.
///
/// A bucket is a stream (see ``streamConfig()``); these are the settings that matter for one.
public struct KeyValueConfig: Sendable, Hashable {
    /// The bucket's name: letters, digits, `_` and `-`.
    public var bucket: String
    /// A description for people.
    public var description: String?
    /// How many revisions of each key are kept, 1 to 64. Defaults to 1.
    public var history: Int = 1
    /// How long a value lives; zero keeps values forever. Defaults to zero.
    public var ttl: Duration = .zero
    /// The largest value accepted, in bytes; -1 for the server's `max_payload`. Defaults to -1.
    public var maxValueSize: Int = -1
    /// The most bytes the bucket holds; -1 for no limit. Defaults to -1.
    public var maxBytes: Int64 = -1
    /// Where values are kept. Defaults to ``StorageType/file``.
    public var storage: StorageType = .file
    /// How many servers keep a copy. Defaults to 1.
    public var replicas: Int = 1
    /// Where replicas are placed in a cluster.
    public var placement: Placement?
    /// Republish every change to another subject.
    public var republish: Republish?
    /// Compress stored values with S2. Defaults to `false`.
    public var compression: Bool = false
    /// Leave a marker with this TTL when the bucket's limits remove a key, so watchers see it go
    /// (server 2.11+). `nil` for none.
    public var limitMarkerTTL: Duration?
    /// Free-form labels.
    public var metadata: [String: String] = [:]

    /// Creates a configuration.
    public init(bucket: String, history: Int = 1, ttl: Duration = .zero, storage: StorageType = .file, replicas: Int = 1) {
        self.bucket = bucket
        self.history = history
        self.ttl = ttl
        self.storage = storage
        self.replicas = replicas
    }

    /// The most revisions per key the server allows.
    static let maxHistory = 64

    /// The stream that holds the bucket, configured as the server and other clients expect.
    public func streamConfig() throws(JetStreamError) -> StreamConfig {
        guard KeyValueNames.isValidBucket(bucket) else {
            throw JetStreamError(.invalidArgument, "invalid bucket name \"\(bucket)\": use letters, digits, _ and -")
        }
        guard (1...Self.maxHistory).contains(history) else {
            throw JetStreamError(.invalidArgument, "history must be 1 to \(Self.maxHistory)")
        }
        guard ttl >= .zero else { throw JetStreamError(.invalidArgument, "ttl must not be negative") }
        var config = StreamConfig(name: KeyValueNames.streamName(bucket: bucket), subjects: [KeyValueNames.streamSubject(bucket: bucket)])
        config.description = description
        config.maxMessagesPerSubject = Int64(history)
        config.maxBytes = maxBytes == 0 ? -1 : maxBytes
        config.maxAge = ttl
        config.maxMessageSize = maxValueSize == 0 ? -1 : maxValueSize
        config.storage = storage
        config.replicas = max(replicas, 1)
        config.placement = placement
        config.allowRollup = true
        config.denyDelete = true
        // The server's default duplicate window is 2 minutes; a shorter TTL caps it.
        config.duplicateWindow = ttl > .zero && ttl < .seconds(120) ? ttl : .seconds(120)
        config.maxMessages = -1
        config.maxConsumers = -1
        config.allowDirect = true
        config.republish = republish
        config.compression = compression ? .s2 : .none
        config.discard = .new
        if let limitMarkerTTL, limitMarkerTTL > .zero {
            config.allowMessageTTL = true
            config.subjectDeleteMarkerTTL = limitMarkerTTL
        }
        config.metadata = metadata
        return config
    }
}

/// A bucket's configuration and state, read back from its stream.
public struct KeyValueStatus: Sendable {
    /// The bucket's name.
    public var bucket: String
    /// The stream behind it.
    public var streamInfo: StreamInfo

    /// Revisions kept per key.
    public var history: Int64 { streamInfo.config.maxMessagesPerSubject }
    /// How long values live; zero for ever.
    public var ttl: Duration { streamInfo.config.maxAge }
    /// Entries stored, all revisions and markers included.
    public var values: UInt64 { streamInfo.state.messages }
    /// Bytes stored.
    public var bytes: UInt64 { streamInfo.state.bytes }
    /// Where values are kept.
    public var storage: StorageType { streamInfo.config.storage }
    /// How many servers keep a copy.
    public var replicas: Int { streamInfo.config.replicas }
}
