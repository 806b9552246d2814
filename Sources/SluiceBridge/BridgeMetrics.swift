import Metrics

/// The consumer-side metrics, labelled by durable consumer.
struct ConsumerMetrics: Sendable {
    let handled: Counter
    let handlerErrors: Counter
    let duplicates: Counter
    let deadLettered: Counter
    let lag: Gauge

    init(consumer: String) {
        let dimensions = [("consumer", consumer)]
        handled = Counter(label: "sluice_bridge_events_handled_total", dimensions: dimensions)
        handlerErrors = Counter(label: "sluice_bridge_handler_errors_total", dimensions: dimensions)
        duplicates = Counter(label: "sluice_bridge_inbox_duplicates_total", dimensions: dimensions)
        deadLettered = Counter(label: "sluice_bridge_dead_letters_total", dimensions: dimensions)
        lag = Gauge(label: "sluice_bridge_consumer_lag", dimensions: dimensions)
    }
}

/// The outbox relay's metrics.
struct OutboxMetrics: Sendable {
    let published = Counter(label: "sluice_outbox_published_total")
    let failures = Counter(label: "sluice_outbox_publish_failures_total")
    let storeErrors = Counter(label: "sluice_outbox_store_errors_total")
    let depth = Gauge(label: "sluice_outbox_depth")
    let oldestAge = Gauge(label: "sluice_outbox_oldest_age_seconds")

    func record(_ backlog: OutboxBacklog) {
        depth.record(Int64(backlog.depth))
        let (seconds, attoseconds) = backlog.oldestAge.components
        oldestAge.record(Double(seconds) + Double(attoseconds) / 1e18)
    }
}
