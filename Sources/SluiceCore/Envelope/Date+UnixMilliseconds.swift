import FoundationEssentials

extension Date {
    /// Milliseconds since the Unix epoch, rounded to the nearest: a `Date` holds a `Double`, so a time written as
    /// `…:44.770` may be stored as `…:44.76999…`, and rounding down would print it one millisecond early.
    var unixMilliseconds: Int64 {
        let milliseconds = (timeIntervalSince1970 * 1000).rounded()
        return Int64(min(max(milliseconds, -9.2e18), 9.2e18))
    }
}
