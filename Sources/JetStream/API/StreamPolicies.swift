/// When a stream removes messages (`retention`).
///
/// Values the server may add later are kept as they are, so reading them never fails.
public struct RetentionPolicy: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The JSON value.
    public var rawValue: String
    /// Creates a policy from its JSON value.
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Keep messages until a limit (count, bytes, age) removes the oldest. The default.
    public static let limits = Self(rawValue: "limits")
    /// Keep a message while some consumer has yet to acknowledge it.
    public static let interest = Self(rawValue: "interest")
    /// Remove a message as soon as one consumer acknowledges it (a work queue).
    public static let workQueue = Self(rawValue: "workqueue")
}

/// Where a stream keeps its messages (`storage`).
public struct StorageType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The JSON value.
    public var rawValue: String
    /// Creates a storage type from its JSON value.
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// On disk. The default.
    public static let file = Self(rawValue: "file")
    /// In memory: fast, lost when the server stops.
    public static let memory = Self(rawValue: "memory")
}

/// What a stream does when a limit is reached (`discard`).
public struct DiscardPolicy: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The JSON value.
    public var rawValue: String
    /// Creates a policy from its JSON value.
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Remove the oldest messages to make room. The default.
    public static let old = Self(rawValue: "old")
    /// Refuse new messages.
    public static let new = Self(rawValue: "new")
}

/// How a stream compresses its stored messages (`compression`, server 2.10+).
public struct StoreCompression: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The JSON value.
    public var rawValue: String
    /// Creates a compression from its JSON value.
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// No compression. The default.
    public static let none = Self(rawValue: "none")
    /// S2 compression.
    public static let s2 = Self(rawValue: "s2")
}

/// When the server considers a stored message durable (`persist_mode`, server 2.12+).
public struct PersistMode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The JSON value.
    public var rawValue: String
    /// Creates a mode from its JSON value.
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Acknowledge a publish after it is written. The default.
    public static let `default` = Self(rawValue: "default")
    /// Acknowledge before the write is flushed: faster, may lose recent messages on a crash.
    public static let async = Self(rawValue: "async")
}
