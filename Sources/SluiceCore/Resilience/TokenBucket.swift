/// A token-bucket rate limiter as a pure state machine: the caller passes the time, so tests drive it with a test
/// clock and concurrent callers wrap it in a lock or an actor.
///
/// The bucket holds up to ``RateLimit/burst`` tokens and refills at ``RateLimit/rate`` tokens per second; it starts
/// full. Use ``tryAcquire(_:now:)`` to shed load (answer 429) and ``reserve(_:now:)`` to pace work (sleep for the
/// returned delay, then go).
///
/// ```swift
/// var bucket = TokenBucket(limit: try RateLimit(rate: 100), now: clock.now)
/// let wait = bucket.reserve(now: clock.now)
/// if wait > .zero { try await clock.sleep(for: wait) }
/// ```
public struct TokenBucket<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// The rate and the burst.
    public let limit: RateLimit
    private var tokens: Double
    private var updatedAt: Instant

    /// A full bucket at time `now`.
    public init(limit: RateLimit, now: Instant) {
        self.limit = limit
        self.tokens = Double(limit.burst)
        self.updatedAt = now
    }

    /// The tokens available at `now` (negative while reservations are being paid back).
    public mutating func available(now: Instant) -> Double {
        refill(now: now)
        return tokens
    }

    /// Takes `count` tokens if they are all available at `now`, and says whether it did. Asking for more than
    /// ``RateLimit/burst`` always fails.
    public mutating func tryAcquire(_ count: Int = 1, now: Instant) -> Bool {
        refill(now: now)
        guard tokens >= Double(count) else { return false }
        tokens -= Double(count)
        return true
    }

    /// Takes `count` tokens now, borrowing from the future if needed, and returns how long the caller must wait
    /// before going ahead (zero when the tokens were there). Later callers wait for the debt to be paid back, so the
    /// long-run rate holds even for `count` above the burst.
    public mutating func reserve(_ count: Int = 1, now: Instant) -> Duration {
        refill(now: now)
        tokens -= Double(count)
        guard tokens < 0 else { return .zero }
        return Duration(secondsValue: -tokens / limit.rate)
    }

    private mutating func refill(now: Instant) {
        guard now > updatedAt else { return }
        let elapsed = updatedAt.duration(to: now).secondsValue
        tokens = min(Double(limit.burst), tokens + elapsed * limit.rate)
        updatedAt = now
    }
}
