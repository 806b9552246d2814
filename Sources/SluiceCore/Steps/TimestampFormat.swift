import FoundationEssentials

/// How a ``Transform/timestamp(path:format:)`` transform writes the time.
public enum TimestampFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// RFC 3339 text in UTC with milliseconds, `2026-11-23T10:00:00.123Z` (`rfc3339`, the default).
    case rfc3339
    /// Whole seconds since the Unix epoch, an integer (`unix_seconds`).
    case unixSeconds = "unix_seconds"
    /// Milliseconds since the Unix epoch, an integer (`unix_millis`).
    case unixMilliseconds = "unix_millis"

    /// `date` in this format.
    public func value(for date: Date) -> JSONValue {
        let milliseconds = date.unixMilliseconds
        switch self {
        case .rfc3339: return .string(RFC3339.format(date))
        case .unixSeconds: return .int(milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000)
        case .unixMilliseconds: return .int(milliseconds)
        }
    }
}
