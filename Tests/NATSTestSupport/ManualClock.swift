/// A `Clock` that moves only when a test says so, for state machines generic over their clock.
public struct ManualClock: Clock {
    /// A point on the manual clock: how far it was moved from its start.
    public struct Instant: InstantProtocol {
        /// How far from the clock's start.
        public var offset: Duration

        /// The instant at `offset` from the clock's start.
        public init(offset: Duration) { self.offset = offset }

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    /// Now: where the clock was moved to.
    public var now = Instant(offset: .zero)
    public var minimumResolution: Duration { .nanoseconds(1) }

    /// A clock at its start.
    public init() {}

    /// Returns at once: time passes only through ``advance(by:)``.
    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {}

    /// Moves time forward.
    public mutating func advance(by duration: Duration) { now = now.advanced(by: duration) }
}
