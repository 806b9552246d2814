import NIOCore

extension TimeAmount {
    /// The same span as a NIO time amount (saturating at the largest one).
    package static func of(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return .nanoseconds(overflow ? .max : nanoseconds + attoseconds / 1_000_000_000)
    }
}
