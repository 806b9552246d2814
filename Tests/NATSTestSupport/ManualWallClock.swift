import Foundation
import Synchronization

/// A wall clock (dates) that moves only when told to, for code that takes a `() -> Date`.
public final class ManualWallClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))

    /// A clock at a fixed date.
    public init() {}

    /// The current time.
    public var now: Date { current.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        current.withLock { $0 += Double(seconds) + Double(attoseconds) / 1e18 }
    }
}
