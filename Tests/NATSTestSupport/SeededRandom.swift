import Foundation

/// A random number generator from a seed, so a test whose timing is drawn at random can be run again the same way.
///
/// The seed comes from `SLUICE_TEST_SEED` when set, else from the system's generator; ``description`` names it,
/// so a failing test can print it and be repeated with `SLUICE_TEST_SEED=<seed>`.
public struct SeededRandom: RandomNumberGenerator, CustomStringConvertible, Sendable {
    /// The seed this generator started from.
    public let seed: UInt64
    private var state: UInt64

    /// A generator seeded from `SLUICE_TEST_SEED`, or at random.
    public init() {
        self.init(seed: ProcessInfo.processInfo.environment["SLUICE_TEST_SEED"].flatMap(UInt64.init) ?? .random(in: .min ... .max))
    }

    /// A generator seeded with `seed`.
    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    /// SplitMix64.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public var description: String { "SLUICE_TEST_SEED=\(seed)" }
}
