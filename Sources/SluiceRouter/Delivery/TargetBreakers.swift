import SluiceCore
import Synchronization

/// One circuit breaker per target origin (scheme, host and port), so a receiver that is down stops being
/// called for a while without holding back the others.
final class TargetBreakers: Sendable {
    typealias Breaker = CircuitBreaker<ContinuousClock.Instant>

    private let configuration: Breaker.Configuration
    private let breakers = Mutex<[String: Breaker]>([:])

    init(configuration: Breaker.Configuration) {
        self.configuration = configuration
    }

    /// Asks to call `origin` now.
    func acquire(_ origin: String) -> Breaker.Decision {
        breakers.withLock { breakers in
            breakers[origin, default: Breaker(configuration: configuration)].acquire(now: .now)
        }
    }

    /// Reports how a call went.
    func record(_ outcome: Breaker.Outcome, for permit: Breaker.Permit, origin: String) {
        breakers.withLock { breakers in
            breakers[origin, default: Breaker(configuration: configuration)].record(outcome, for: permit, now: .now)
        }
    }
}
