import PropertyBased

/// Lets generic code draw from the property checker's existential generator (passing `inout any` to
/// `inout some` directly crashes the 6.3 compiler).
struct CheckerRandom: RandomNumberGenerator {
    var base: any SeededRandomNumberGenerator

    mutating func next() -> UInt64 { base.next() }

    /// Runs `body` with a generator drawing from `rng`, then stores `rng`'s advanced state back.
    static func with<T>(_ rng: inout any SeededRandomNumberGenerator, _ body: (inout CheckerRandom) -> T) -> T {
        var random = CheckerRandom(base: rng)
        defer { rng = random.base }
        return body(&random)
    }
}
