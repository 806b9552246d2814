/// How long to wait before each retry of a failed record (the `nak` delay).
///
/// Configuration shapes:
/// ```yaml
/// backoff: [1s, 5s, 15s, 30s, 60s]          # a list; the last delay repeats
/// backoff: "1s 5s 15s 30s 60s"              # the same on one line (spaces or commas)
/// backoff: {initial: 1s, max: 60s, multiplier: 2, jitter: 0.2}   # exponential, see ExponentialBackoff
/// ```
public enum BackoffSchedule: Sendable, Hashable {
    /// Fixed delays: retry `n` waits the `n`th, and every retry past the end waits the last. Never empty when made
    /// by ``init(parsing:)`` or decoding; an empty list means no delay.
    case list([Duration])
    /// Growing delays with jitter.
    case exponential(ExponentialBackoff)

    /// The default retry schedule: `1s 5s 15s 30s 60s`.
    public static let standard = BackoffSchedule.list([.seconds(1), .seconds(5), .seconds(15), .seconds(30), .seconds(60)])

    /// Parses the list form: durations separated by spaces or commas, such as `1s 5s 15s 30s 60s`.
    ///
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/invalidDuration`` for a bad duration, or
    ///   ``SluiceError/Code/invalidConfiguration`` for an empty list.
    public init(parsing text: String) throws {
        let parts = text.split { $0 == " " || $0 == "," || $0 == "\t" }
        guard !parts.isEmpty else {
            throw SluiceError(.invalidConfiguration, "a backoff list needs at least one duration, such as 1s 5s 15s")
        }
        self = .list(try parts.map { try Duration(parsing: String($0)) })
    }

    /// The delay before retry number `attempt` (1 for the first retry, that is after the first failed delivery;
    /// lower values count as 1), using `random` for jitter.
    public func delay(forAttempt attempt: Int, using random: inout some RandomNumberGenerator) -> Duration {
        switch self {
        case .list(let delays):
            guard let last = delays.last else { return .zero }
            let index = max(attempt, 1) - 1
            return index < delays.count ? delays[index] : last
        case .exponential(let backoff):
            return backoff.delay(forAttempt: attempt, using: &random)
        }
    }

    /// The delay before retry number `attempt`, with jitter from the system's random generator.
    public func delay(forAttempt attempt: Int) -> Duration {
        var random = SystemRandomNumberGenerator()
        return delay(forAttempt: attempt, using: &random)
    }
}

extension BackoffSchedule: Codable {
    /// Decodes a list of durations, a text of durations, or an exponential schedule's object.
    public init(from decoder: any Decoder) throws {
        do {
            if let texts = try? [String](from: decoder) {
                self = try BackoffSchedule(parsing: texts.joined(separator: " "))
            } else if let text = try? String(from: decoder) {
                self = try BackoffSchedule(parsing: text)
            } else {
                self = .exponential(try ExponentialBackoff(from: decoder))
            }
        } catch let error as SluiceError {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.reason)
            )
        }
    }

    /// Encodes a list as a list of texts, an exponential schedule as its object.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .list(let delays): try delays.map(\.configText).encode(to: encoder)
        case .exponential(let backoff): try backoff.encode(to: encoder)
        }
    }
}
