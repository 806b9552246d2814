public import SluiceRuntime

/// The body of `GET /readyz`: ``SluiceRuntime/Readiness`` with a one-word summary.
///
/// `status` is `ready`, `degraded` (still ready, answered with 200) or `not_ready` (answered with 503).
public struct ReadinessBody: Sendable, Codable, Equatable {
    /// `ready`, `degraded` or `not_ready`.
    public var status: String
    public var ready: Bool
    public var degraded: Bool
    /// Why it is not ready or degraded, one line each.
    public var reasons: [String]

    /// Summarises a readiness report.
    public init(_ readiness: Readiness) {
        self.ready = readiness.ready
        self.degraded = readiness.ready && readiness.degraded
        self.reasons = readiness.reasons
        if !readiness.ready {
            self.status = "not_ready"
        } else if readiness.degraded {
            self.status = "degraded"
        } else {
            self.status = "ready"
        }
    }
}
