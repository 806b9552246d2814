/// A subject mapping applied to messages (`subject_transform`, and in sources `subject_transforms`).
public struct SubjectTransform: Sendable, Hashable, Codable {
    /// The subjects to map (`src`), which may contain wildcards.
    public var source: String
    /// The subject they are mapped to (`dest`), which may use `{{wildcard(1)}}` and friends.
    public var destination: String

    /// Creates a transform.
    public init(source: String, destination: String) {
        self.source = source
        self.destination = destination
    }

    enum CodingKeys: String, CodingKey {
        case source = "src"
        case destination = "dest"
    }
}

/// Republishes each stored message to another subject (`republish`).
public struct Republish: Sendable, Hashable, Codable {
    /// The stream subjects to republish (`src`); `nil` means all.
    public var source: String?
    /// The subject to republish to (`dest`).
    public var destination: String
    /// Republish only the headers, with the size in `Nats-Msg-Size`.
    public var headersOnly: Bool

    /// Creates a republish rule.
    public init(source: String? = nil, destination: String, headersOnly: Bool = false) {
        self.source = source
        self.destination = destination
        self.headersOnly = headersOnly
    }

    enum CodingKeys: String, CodingKey {
        case source = "src"
        case destination = "dest"
        case headersOnly = "headers_only"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        destination = try c.decode(String.self, forKey: .destination)
        headersOnly = try c.decode(Bool.self, forKey: .headersOnly, default: false)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfNotEmpty(source, forKey: .source)
        try c.encode(destination, forKey: .destination)
        try c.encodeIfTrue(headersOnly, forKey: .headersOnly)
    }
}

/// Defaults a stream applies to the consumers created on it (`consumer_limits`).
public struct StreamConsumerLimits: Sendable, Hashable, Codable {
    /// The longest an idle consumer lives (`inactive_threshold`).
    public var inactiveThreshold: Duration?
    /// The most unacknowledged messages a consumer may have (`max_ack_pending`).
    public var maxAckPending: Int?

    /// Creates limits.
    public init(inactiveThreshold: Duration? = nil, maxAckPending: Int? = nil) {
        self.inactiveThreshold = inactiveThreshold
        self.maxAckPending = maxAckPending
    }

    enum CodingKeys: String, CodingKey {
        case inactiveThreshold = "inactive_threshold"
        case maxAckPending = "max_ack_pending"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        inactiveThreshold = try c.decodeNanosecondsIfPresent(forKey: .inactiveThreshold)
        maxAckPending = try c.decodeIfPresent(Int.self, forKey: .maxAckPending)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeNanosecondsIfSet(inactiveThreshold, forKey: .inactiveThreshold)
        if let maxAckPending, maxAckPending != 0 { try c.encode(maxAckPending, forKey: .maxAckPending) }
    }

    /// `true` when no limit is set.
    var isEmpty: Bool { (inactiveThreshold ?? .zero) == .zero && (maxAckPending ?? 0) == 0 }
}
