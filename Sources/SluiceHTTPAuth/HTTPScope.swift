/// What a request may do on an API: a route requires one scope, a token carries some.
///
/// `admin` grants every scope; any other scope grants only itself. Sluice's operations API uses `read`,
/// `ingest` and `admin`; another API may define its own names (`HTTPScope("publish")`).
public struct HTTPScope: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The scope's name as it appears in tokens and configuration.
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A scope named `name`.
    public init(_ name: String) {
        self.rawValue = name
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// Reading: listings, searches, single items.
    public static let read: HTTPScope = "read"
    /// Writing records into a pipeline (`POST /ingest/{pipeline}`), without the right to read them back.
    public static let ingest: HTTPScope = "ingest"
    /// Changing the system (pause, resume, replay, purge); grants every other scope too.
    public static let admin: HTTPScope = "admin"

    public var description: String { rawValue }

    /// Whether holding this scope allows what `required` allows.
    public func grants(_ required: HTTPScope) -> Bool {
        self == .admin || self == required
    }
}
