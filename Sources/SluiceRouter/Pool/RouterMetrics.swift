import Metrics
import Synchronization

/// The router's swift-metrics instruments, by pool and target origin: `sluice_router_delivered_total`,
/// `…_retried_total`, `…_dead_lettered_total`, `…_rate_limit_waits_total` (pool only), `…_in_flight` and the
/// `sluice_router_delivery_duration_seconds` histogram.
final class RouterMetrics: Sendable {
    struct Instruments: Sendable {
        let delivered: Counter
        let retried: Counter
        let deadLettered: Counter
        let inFlight: Meter
        let latency: Metrics.Timer
    }

    private let pool: String
    private let rateLimitWaits: Counter
    private let byTarget = Mutex<[String: Instruments]>([:])

    init(pool: String) {
        self.pool = pool
        rateLimitWaits = Counter(label: "sluice_router_rate_limit_waits_total", dimensions: [("pool", pool)])
    }

    func waitedForRateLimit() { rateLimitWaits.increment() }

    /// The instruments for deliveries to `origin`.
    func instruments(origin: String) -> Instruments {
        byTarget.withLock { cache in
            if let instruments = cache[origin] { return instruments }
            let dimensions = [("pool", pool), ("target", origin)]
            let instruments = Instruments(
                delivered: Counter(label: "sluice_router_delivered_total", dimensions: dimensions),
                retried: Counter(label: "sluice_router_retried_total", dimensions: dimensions),
                deadLettered: Counter(label: "sluice_router_dead_lettered_total", dimensions: dimensions),
                inFlight: Meter(label: "sluice_router_in_flight", dimensions: dimensions),
                latency: Metrics.Timer(label: "sluice_router_delivery_duration_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
            )
            cache[origin] = instruments
            return instruments
        }
    }
}
