import Foundation
import SluiceCore
import Testing

@Suite struct BackoffScheduleTests {
    /// Always returns the same value, so `Double.random(in: 0..<1)` is fixed.
    private struct FixedRandom: RandomNumberGenerator {
        var value: UInt64
        mutating func next() -> UInt64 { value }
    }

    @Test func listRepeatsItsLastDelay() throws {
        let schedule = try BackoffSchedule(parsing: "1s 5s 15s 30s 60s")
        #expect(schedule == .standard)
        let delays = (0...7).map { schedule.delay(forAttempt: $0) }
        #expect(delays == [1, 1, 5, 15, 30, 60, 60, 60].map { Duration.seconds($0) })
        #expect(try BackoffSchedule(parsing: "250ms,2m").delay(forAttempt: 2) == .seconds(120))
    }

    @Test func exponentialGrowsAndCapsWithoutJitter() throws {
        let backoff = try ExponentialBackoff(initial: .milliseconds(100), maximum: .seconds(1), multiplier: 3, jitter: 0)
        var random = FixedRandom(value: 0)
        let delays = (1...5).map { BackoffSchedule.exponential(backoff).delay(forAttempt: $0, using: &random) }
        #expect(delays == [.milliseconds(100), .milliseconds(300), .milliseconds(900), .seconds(1), .seconds(1)])
    }

    @Test func jitterTakesOffUpToItsFraction() throws {
        let backoff = try ExponentialBackoff(initial: .seconds(10), maximum: .seconds(10), jitter: 0.5)
        var low = FixedRandom(value: 0)
        var high = FixedRandom(value: .max)
        #expect(backoff.delay(forAttempt: 1, using: &low) == .seconds(10))
        let jittered = backoff.delay(forAttempt: 1, using: &high)
        #expect(jittered >= .seconds(5) && jittered <= .milliseconds(5001))
        for attempt in 1...50 {
            let delay = backoff.delay(forAttempt: attempt, using: &low)
            #expect(delay <= .seconds(10))
        }
    }

    @Test func hugeAttemptsStayAtTheMaximum() throws {
        let backoff = try ExponentialBackoff(initial: .seconds(1), maximum: .seconds(60), jitter: 0)
        var random = FixedRandom(value: 0)
        #expect(backoff.delay(forAttempt: .max, using: &random) == .seconds(60))
    }

    @Test(arguments: [
        (Duration.zero, Duration.seconds(1), 2.0, 0.2),
        (.seconds(2), .seconds(1), 2, 0.2),
        (.seconds(1), .seconds(2), 0.5, 0.2),
        (.seconds(1), .seconds(2), 2, 1.5),
    ])
    func rejectsBadExponentialSettings(initial: Duration, maximum: Duration, multiplier: Double, jitter: Double) {
        #expect {
            try ExponentialBackoff(initial: initial, maximum: maximum, multiplier: multiplier, jitter: jitter)
        } throws: { ($0 as? SluiceError)?.code == .invalidConfiguration }
    }

    @Test func decodesEveryConfigurationShape() throws {
        func decode(_ json: String) throws -> BackoffSchedule {
            try JSONDecoder().decode(BackoffSchedule.self, from: Data(json.utf8))
        }
        #expect(try decode(#"["1s","5s","15s","30s","60s"]"#) == .standard)
        #expect(try decode(#""1s 5s 15s 30s 60s""#) == .standard)
        #expect(
            try decode(#"{"initial":"500ms","max":"1m"}"#)
                == .exponential(try ExponentialBackoff(initial: .milliseconds(500), maximum: .seconds(60)))
        )
        #expect(throws: DecodingError.self) { try decode(#"[]"#) }
        #expect(throws: DecodingError.self) { try decode(#"["1x"]"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"initial":"5s","max":"1s"}"#) }
        let encoded = try JSONEncoder().encode(BackoffSchedule.standard)
        #expect(String(decoding: encoded, as: UTF8.self) == #"["1s","5s","15s","30s","1m"]"#)
    }
}
