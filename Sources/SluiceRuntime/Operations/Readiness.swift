import SluiceCore

/// Whether Sluice can do its work (`GET /readyz`).
public struct Readiness: Sendable, Codable, Equatable {
    /// Connections are up and every pipeline runs (or is paused on purpose).
    public var ready: Bool
    /// Ready, but a consumer lags past its threshold or a circuit breaker is open.
    public var degraded: Bool
    /// Why it is not ready or degraded, one line each.
    public var reasons: [String]

    public init(ready: Bool, degraded: Bool = false, reasons: [String] = []) {
        self.ready = ready
        self.degraded = degraded
        self.reasons = reasons
    }
}
