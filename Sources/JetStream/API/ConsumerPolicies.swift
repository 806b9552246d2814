import FoundationEssentials

/// Where in the stream a new consumer starts (`deliver_policy` with `opt_start_seq`/`opt_start_time`).
public enum DeliverPolicy: Sendable, Hashable {
    /// From the first message in the stream. The default.
    case all
    /// From the last message in the stream.
    case last
    /// Only messages stored after the consumer is created.
    case new
    /// From the given stream sequence.
    case byStartSequence(UInt64)
    /// From the first message stored at or after the given time.
    case byStartTime(Date)
    /// The last message of each subject, then new ones.
    case lastPerSubject

    /// The `deliver_policy` JSON value.
    var jsonValue: String {
        switch self {
        case .all: "all"
        case .last: "last"
        case .new: "new"
        case .byStartSequence: "by_start_sequence"
        case .byStartTime: "by_start_time"
        case .lastPerSubject: "last_per_subject"
        }
    }
}

/// How messages are acknowledged (`ack_policy`).
public struct AckPolicy: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The JSON value.
    public var rawValue: String
    /// Creates a policy from its JSON value.
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Each message is acknowledged on its own. The default, and required on work-queue streams.
    public static let explicit = Self(rawValue: "explicit")
    /// Acknowledging a message acknowledges every message before it.
    public static let all = Self(rawValue: "all")
    /// No acknowledgements: a message counts as processed when it is delivered.
    public static let none = Self(rawValue: "none")
}

/// How fast messages are delivered (`replay_policy`).
public struct ReplayPolicy: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The JSON value.
    public var rawValue: String
    /// Creates a policy from its JSON value.
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// As fast as possible. The default.
    public static let instant = Self(rawValue: "instant")
    /// At the pace they were stored.
    public static let original = Self(rawValue: "original")
}

/// How a consumer with priority groups chooses among pulling clients (`priority_policy`, server 2.11+).
public struct PriorityPolicy: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The JSON value.
    public var rawValue: String
    /// Creates a policy from its JSON value.
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// No priority groups. The default.
    public static let none = Self(rawValue: "none")
    /// Serve clients that set a minimum pending or ack pending only when those limits are passed.
    public static let overflow = Self(rawValue: "overflow")
    /// Serve one pinned client at a time.
    public static let pinnedClient = Self(rawValue: "pinned_client")
    /// Serve clients by the priority they ask for (server 2.12+).
    public static let prioritized = Self(rawValue: "prioritized")
}
