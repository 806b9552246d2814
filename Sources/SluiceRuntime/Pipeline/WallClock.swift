#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock time in nanoseconds since 1970, comparable across processes on one machine (unlike
/// `ContinuousClock`), for the end-to-end latency from a source to a sink.
public enum WallClock {
    /// A point in wall-clock time.
    public struct Instant: Sendable, Hashable {
        /// Nanoseconds since 1970-01-01 UTC.
        public var nanoseconds: Int64

        public static let zero = Instant(nanoseconds: 0)

        /// The current time.
        public static var now: Instant {
            var spec = timespec()
            clock_gettime(CLOCK_REALTIME, &spec)
            return Instant(nanoseconds: Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec))
        }

        /// The header text: the nanoseconds as a decimal number.
        public var headerValue: String { String(nanoseconds) }

        /// Reads a header value; `nil` when absent or not a positive number.
        public init?(headerValue: String?) {
            guard let headerValue, let value = Int64(headerValue), value > 0 else { return nil }
            nanoseconds = value
        }

        public init(nanoseconds: Int64) {
            self.nanoseconds = nanoseconds
        }

        /// Time elapsed since this instant, never negative (clocks may step).
        public var elapsed: Duration { .nanoseconds(max(0, Instant.now.nanoseconds - nanoseconds)) }
    }
}
