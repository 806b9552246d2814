/// The account's JetStream usage and limits, as `$JS.API.INFO` returns it.
public struct AccountInfo: Sendable, Hashable, Decodable {
    /// Bytes of memory storage in use (`memory`).
    public var memory: UInt64
    /// Bytes of file storage in use (`storage`).
    public var storage: UInt64
    /// Bytes of memory reserved by streams with limits (`reserved_memory`).
    public var reservedMemory: UInt64
    /// Bytes of file storage reserved by streams with limits (`reserved_storage`).
    public var reservedStorage: UInt64
    /// How many streams the account has (`streams`).
    public var streams: Int
    /// How many consumers the account has (`consumers`).
    public var consumers: Int
    /// The account's limits (`limits`).
    public var limits: AccountLimits
    /// The JetStream domain, if any (`domain`).
    public var domain: String?
    /// API usage counters and the server's API level (`api`).
    public var api: APIStats

    enum CodingKeys: String, CodingKey {
        case memory, storage
        case reservedMemory = "reserved_memory"
        case reservedStorage = "reserved_storage"
        case streams, consumers, limits, domain, api
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        memory = try c.decode(UInt64.self, forKey: .memory, default: 0)
        storage = try c.decode(UInt64.self, forKey: .storage, default: 0)
        reservedMemory = try c.decode(UInt64.self, forKey: .reservedMemory, default: 0)
        reservedStorage = try c.decode(UInt64.self, forKey: .reservedStorage, default: 0)
        streams = try c.decode(Int.self, forKey: .streams, default: 0)
        consumers = try c.decode(Int.self, forKey: .consumers, default: 0)
        limits = try c.decode(AccountLimits.self, forKey: .limits, default: AccountLimits())
        domain = try c.decodeIfPresent(String.self, forKey: .domain)
        api = try c.decode(APIStats.self, forKey: .api, default: APIStats())
    }
}

/// An account's JetStream limits; -1 means unlimited.
public struct AccountLimits: Sendable, Hashable, Decodable {
    /// Bytes of memory storage allowed (`max_memory`).
    public var maxMemory: Int64 = -1
    /// Bytes of file storage allowed (`max_storage`).
    public var maxStorage: Int64 = -1
    /// Streams allowed (`max_streams`).
    public var maxStreams: Int = -1
    /// Consumers allowed (`max_consumers`).
    public var maxConsumers: Int = -1
    /// The most unacknowledged messages per consumer (`max_ack_pending`).
    public var maxAckPending: Int = -1
    /// Whether every stream must set `max_bytes` (`max_bytes_required`).
    public var maxBytesRequired: Bool = false

    init() {}

    enum CodingKeys: String, CodingKey {
        case maxMemory = "max_memory"
        case maxStorage = "max_storage"
        case maxStreams = "max_streams"
        case maxConsumers = "max_consumers"
        case maxAckPending = "max_ack_pending"
        case maxBytesRequired = "max_bytes_required"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxMemory = try c.decode(Int64.self, forKey: .maxMemory, default: -1)
        maxStorage = try c.decode(Int64.self, forKey: .maxStorage, default: -1)
        maxStreams = try c.decode(Int.self, forKey: .maxStreams, default: -1)
        maxConsumers = try c.decode(Int.self, forKey: .maxConsumers, default: -1)
        maxAckPending = try c.decode(Int.self, forKey: .maxAckPending, default: -1)
        maxBytesRequired = try c.decode(Bool.self, forKey: .maxBytesRequired, default: false)
    }
}

/// JetStream API counters for an account.
public struct APIStats: Sendable, Hashable, Decodable {
    /// The API level the server implements (`level`): 1 for 2.11, 2 for 2.12…
    public var level: Int = 0
    /// API requests served (`total`).
    public var total: UInt64 = 0
    /// API requests that failed (`errors`).
    public var errors: UInt64 = 0

    init() {}

    enum CodingKeys: String, CodingKey { case level, total, errors }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        level = try c.decode(Int.self, forKey: .level, default: 0)
        total = try c.decode(UInt64.self, forKey: .total, default: 0)
        errors = try c.decode(UInt64.self, forKey: .errors, default: 0)
    }
}
