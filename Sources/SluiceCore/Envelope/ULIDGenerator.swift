import FoundationEssentials

/// Makes ULIDs that strictly increase: within one millisecond (or while the clock goes back) each ID is the
/// previous one plus one; a later millisecond draws fresh random bits.
///
/// ``ULID/generate(now:)`` uses one shared generator; make your own to control the randomness in tests.
public struct ULIDGenerator: Sendable {
    private var last: ULID?

    /// A generator that has made no IDs yet.
    public init() {}

    /// The next ULID for the time `now`, using `random` for the random bits of a new millisecond.
    public mutating func next(now: Date, using random: inout some RandomNumberGenerator) -> ULID {
        let milliseconds = UInt64(max(0, now.unixMilliseconds))
        let ulid: ULID
        if let last, milliseconds <= last.milliseconds {
            // Same millisecond or clock stepped back: keep the last time, add one (carrying into the time when
            // the 80 random bits are all ones).
            ulid = ULID(rawValue: last.rawValue &+ 1)
        } else {
            let randomness = UInt128(random.next() as UInt64) << 64 | UInt128(random.next() as UInt64)
            ulid = ULID(milliseconds: milliseconds, randomness: randomness)
        }
        last = ulid
        return ulid
    }

    /// The next ULID for the time `now`, with random bits from the system's generator.
    public mutating func next(now: Date = Date()) -> ULID {
        var random = SystemRandomNumberGenerator()
        return next(now: now, using: &random)
    }
}
