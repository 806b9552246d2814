import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Exponential backoff with jitter: the `n`th retry waits `initial × multiplier^(n-1)`, capped at `maximum`, minus a
/// random part of up to `jitter` of it (so a delay is never above `maximum` and retries of many records spread out).
///
/// Configuration shape (`multiplier` defaults to 2, `jitter` to 0.2):
/// ```yaml
/// backoff: {initial: 500ms, max: 60s, multiplier: 2, jitter: 0.2}
/// ```
public struct ExponentialBackoff: Sendable, Hashable {
    /// The delay before the first retry (before jitter). Positive.
    public let initial: Duration
    /// The largest delay. At least ``initial``.
    public let maximum: Duration
    /// How much each delay grows. At least 1. Defaults to 2.
    public let multiplier: Double
    /// The largest fraction taken off a delay at random, from 0 (none) to 1. Defaults to 0.2.
    public let jitter: Double

    /// Checks and creates a schedule.
    ///
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/invalidConfiguration`` when a value is out of range.
    public init(initial: Duration, maximum: Duration, multiplier: Double = 2, jitter: Double = 0.2) throws {
        func failure(_ problem: String) -> SluiceError {
            SluiceError(.invalidConfiguration, "exponential backoff: \(problem)")
        }
        guard initial > .zero else { throw failure("initial must be positive, not \(initial.configText)") }
        guard maximum >= initial else {
            throw failure("max (\(maximum.configText)) must be at least initial (\(initial.configText))")
        }
        guard multiplier >= 1, multiplier.isFinite else { throw failure("multiplier must be at least 1, not \(multiplier)") }
        guard (0...1).contains(jitter) else { throw failure("jitter must be between 0 and 1, not \(jitter)") }
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
        self.jitter = jitter
    }

    /// The delay before retry number `attempt` (1 for the first retry; lower values count as 1), using `random`
    /// for the jitter.
    public func delay(forAttempt attempt: Int, using random: inout some RandomNumberGenerator) -> Duration {
        let exponent = Double(max(attempt, 1) - 1)
        let base = min(initial.secondsValue * pow(multiplier, exponent), maximum.secondsValue)
        let jittered = base * (1 - jitter * Double.random(in: 0..<1, using: &random))
        return Duration(secondsValue: jittered)
    }
}

extension ExponentialBackoff: Codable {
    private enum CodingKeys: String, CodingKey {
        case initial, max, multiplier, jitter
    }

    /// Decodes `initial` and `max` (durations such as `1s`) and the optional `multiplier` and `jitter`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                initial: try container.decodeDuration(forKey: .initial),
                maximum: try container.decodeDuration(forKey: .max),
                multiplier: try container.decodeIfPresent(Double.self, forKey: .multiplier) ?? 2,
                jitter: try container.decodeIfPresent(Double.self, forKey: .jitter) ?? 0.2
            )
        } catch let error as SluiceError {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.reason)
            )
        }
    }

    /// Encodes the four values, durations as text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(initial.configText, forKey: .initial)
        try container.encode(maximum.configText, forKey: .max)
        try container.encode(multiplier, forKey: .multiplier)
        try container.encode(jitter, forKey: .jitter)
    }
}
