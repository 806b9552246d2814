extension Duration {
    /// The duration in whole nanoseconds, as JetStream's JSON carries it (Go's `time.Duration`).
    ///
    /// Sub-nanosecond parts are dropped; values beyond `Int64` saturate.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return seconds < 0 ? .min : .max }
        return sum
    }

    /// The duration in whole milliseconds, rounded down.
    var milliseconds: Int64 { nanoseconds / 1_000_000 }
}
