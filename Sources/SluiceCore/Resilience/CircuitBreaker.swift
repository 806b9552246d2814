/// A circuit breaker as a pure state machine (closed, open, half-open): the caller passes the time, so tests drive
/// it with a test clock and concurrent callers wrap it in a lock or an actor.
///
/// - **Closed**: calls go through; ``Configuration/failureThreshold`` consecutive failures open the breaker.
/// - **Open**: calls are rejected with the time left; after ``Configuration/openDuration`` the next
///   ``acquire(now:)`` moves to half-open.
/// - **Half-open**: up to ``Configuration/halfOpenProbes`` calls at a time go through as probes;
///   ``Configuration/successThreshold`` successes close the breaker, one failure opens it again.
///
/// Every call that goes through holds a ``Permit`` and must report its outcome with ``record(_:for:now:)``
/// (``Outcome/cancelled`` when it never reached the dependency). Outcomes of permits from before the last change
/// of state are ignored, so a slow call from the closed period cannot close a breaker that has opened since.
public struct CircuitBreaker<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// Where the breaker is.
    public enum State: Sendable, Hashable {
        /// Calls go through.
        case closed
        /// Calls are rejected until the instant.
        case open(until: Instant)
        /// A limited number of probe calls go through.
        case halfOpen
    }

    /// Permission for one call, to hand back to ``record(_:for:now:)``.
    public struct Permit: Sendable, Hashable {
        fileprivate let generation: UInt64
        /// Whether the call is a half-open probe.
        public let isProbe: Bool
    }

    /// Whether a call may go ahead.
    public enum Decision: Sendable, Hashable {
        /// Go ahead, then report the outcome with the permit.
        case allowed(Permit)
        /// Do not call the dependency. `retryAfter` is the time left open, or `nil` while half-open probes are in
        /// flight.
        case rejected(retryAfter: Duration?)
    }

    /// How a call went.
    public enum Outcome: Sendable, Hashable {
        /// The dependency worked.
        case success
        /// The dependency failed.
        case failure
        /// The call did not reach the dependency (cancelled, shed); it frees a probe slot and counts for nothing.
        case cancelled
    }

    /// The thresholds and durations.
    public let configuration: Configuration
    private var storedState: State = .closed
    private var generation: UInt64 = 0
    private var consecutiveFailures = 0
    private var probesInFlight = 0
    private var probeSuccesses = 0

    /// A closed breaker.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The state at `now`: an open breaker whose time is up reports half-open.
    public func state(at now: Instant) -> State {
        if case .open(let until) = storedState, now >= until { return .halfOpen }
        return storedState
    }

    /// Asks to make a call at `now`.
    public mutating func acquire(now: Instant) -> Decision {
        if case .open(let until) = storedState {
            guard now >= until else { return .rejected(retryAfter: now.duration(to: until)) }
            transition(to: .halfOpen)
        }
        switch storedState {
        case .closed:
            return .allowed(Permit(generation: generation, isProbe: false))
        case .halfOpen where probesInFlight < configuration.halfOpenProbes:
            probesInFlight += 1
            return .allowed(Permit(generation: generation, isProbe: true))
        default:
            return .rejected(retryAfter: nil)
        }
    }

    /// Reports how the call made with `permit` went.
    public mutating func record(_ outcome: Outcome, for permit: Permit, now: Instant) {
        guard permit.generation == generation else { return }
        switch storedState {
        case .closed:
            switch outcome {
            case .success: consecutiveFailures = 0
            case .failure:
                consecutiveFailures += 1
                if consecutiveFailures >= configuration.failureThreshold { open(now: now) }
            case .cancelled: break
            }
        case .halfOpen:
            probesInFlight -= 1
            switch outcome {
            case .success:
                probeSuccesses += 1
                if probeSuccesses >= configuration.successThreshold { transition(to: .closed) }
            case .failure: open(now: now)
            case .cancelled: break
            }
        case .open:
            break
        }
    }

    private mutating func open(now: Instant) {
        transition(to: .open(until: now.advanced(by: configuration.openDuration)))
    }

    private mutating func transition(to state: State) {
        storedState = state
        generation &+= 1
        consecutiveFailures = 0
        probesInFlight = 0
        probeSuccesses = 0
    }
}
