import ArgumentParser
import Foundation
import SluiceCore

/// A duration given on the command line: a number with a unit, `ns`, `us` (or `µs`), `ms`, `s`, `m`, `h`
/// or `d`, optionally several in a row (`1h30m`, `1.5s`, `500ms`); `0` alone means zero.
struct DurationFlag: ExpressibleByArgument, Sendable, Hashable {
    /// The parsed duration.
    var duration: Duration

    init(_ duration: Duration) { self.duration = duration }

    init?(argument: String) {
        guard let duration = Self.parse(argument) else { return nil }
        self.duration = duration
    }

    var defaultValueDescription: String { Self.format(duration) }

    /// Parses `2m`, `500ms`, `1h30m`, `1.5s` with SluiceCore's parser, as configuration files do; `nil` when the
    /// text is not a duration.
    static func parse(_ text: String) -> Duration? {
        try? Duration(parsing: text)
    }

    /// Formats a duration the way ``parse(_:)`` reads it: `2m`, `1h30m`, `500ms`, `0s`.
    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if seconds == 0 && attoseconds == 0 { return "0s" }
        let nanos = attoseconds / 1_000_000_000
        if seconds == 0 {
            if nanos % 1_000_000 == 0 { return "\(nanos / 1_000_000)ms" }
            if nanos % 1_000 == 0 { return "\(nanos / 1_000)us" }
            return "\(nanos)ns"
        }
        var parts = ""
        var remaining = seconds
        for (unit, size) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60)] where remaining >= size {
            parts += "\(remaining / size)\(unit)"
            remaining %= size
        }
        if nanos > 0 {
            let fraction = String(format: "%.3f", Double(remaining) + Double(nanos) / 1e9)
            parts += fraction.replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression) + "s"
        } else if remaining > 0 {
            parts += "\(remaining)s"
        }
        return parts
    }

}

/// A comma-separated list of durations, such as a consumer's backoff: `1s,5s,30s`.
struct DurationListFlag: ExpressibleByArgument, Sendable, Hashable {
    /// The parsed durations, in order.
    var durations: [Duration]

    init?(argument: String) {
        var durations: [Duration] = []
        for part in argument.split(separator: ",", omittingEmptySubsequences: true) {
            guard let duration = DurationFlag.parse(String(part)) else { return nil }
            durations.append(duration)
        }
        guard !durations.isEmpty else { return nil }
        self.durations = durations
    }
}
