import Synchronization

/// What `/readyz` reports about an edge: ready, or degraded with the reason.
public struct EdgeReadiness: Sendable, Hashable, Codable {
    /// `ready` or `degraded`.
    public var status: String
    /// Why it is degraded; `nil` when ready.
    public var reason: String?
    /// Whether the agent's NATS connection is up.
    public var natsConnected: Bool
    /// The consumer's pending count at the last reading; `nil` before the first.
    public var lag: UInt64?
    /// Whether the agent is catching up (applying with more concurrency).
    public var catchingUp: Bool

    enum CodingKeys: String, CodingKey {
        case status, reason, lag
        case natsConnected = "nats_connected"
        case catchingUp = "catching_up"
    }

    /// Whether the edge is ready.
    public var isReady: Bool { reason == nil }
}

/// The agent's view of its health, updated as it runs.
final class EdgeHealth: Sendable {
    private struct State {
        var connected = false
        var lag: UInt64?
        var jetStreamError: String?
        var catchingUp = false
    }

    private let state = Mutex(State())
    let lagThreshold: Int

    init(lagThreshold: Int) {
        self.lagThreshold = lagThreshold
    }

    func setConnected(_ connected: Bool) { state.withLock { $0.connected = connected } }

    func setLag(_ lag: UInt64, catchingUp: Bool) {
        state.withLock {
            $0.lag = lag
            $0.jetStreamError = nil
            $0.catchingUp = catchingUp
        }
    }

    func setJetStreamError(_ error: String) { state.withLock { $0.jetStreamError = error } }

    var catchingUp: Bool { state.withLock { $0.catchingUp } }

    var readiness: EdgeReadiness {
        state.withLock { state in
            var reason: String?
            if !state.connected {
                reason = "NATS disconnected"
            } else if let error = state.jetStreamError {
                reason = "central JetStream unreachable: \(error)"
            } else if let lag = state.lag, lag > UInt64(lagThreshold) {
                reason = "High consumer lag: \(lag)"
            }
            return EdgeReadiness(
                status: reason == nil ? "ready" : "degraded",
                reason: reason,
                natsConnected: state.connected,
                lag: state.lag,
                catchingUp: state.catchingUp
            )
        }
    }
}
