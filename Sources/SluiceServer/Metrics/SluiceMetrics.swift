import Metrics
public import Prometheus
import Synchronization

/// The process's metrics: swift-metrics bootstrapped with a Prometheus factory, served by `GET /metrics`.
public enum SluiceMetrics {
    /// The registry created by the first ``bootstrap()``; `nil` until then.
    private static let bootstrapped = Mutex<PrometheusCollectorRegistry?>(nil)

    /// Bootstraps `MetricsSystem` with a `PrometheusMetricsFactory` over a new registry and returns the
    /// registry, for ``SluiceHTTPServer`` to serve.
    ///
    /// `MetricsSystem` can be bootstrapped only once per process; calling this again returns the same
    /// registry without bootstrapping again, so `sluice run` and `sluice dev` can both call it at start.
    /// Counters, gauges, timers and recorders created after this (`Counter(label:dimensions:)`) appear on
    /// `/metrics`. Timers become histograms of seconds with the factory's default buckets.
    @discardableResult
    public static func bootstrap() -> PrometheusCollectorRegistry {
        bootstrapped.withLock { existing in
            if let existing { return existing }
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(makeFactory(registry: registry))
            existing = registry
            return registry
        }
    }

    /// The factory ``bootstrap()`` installs: Prometheus metrics in `registry`, with buckets suited to
    /// Sluice (sink latencies from 1 ms to 10 s, batch sizes from 1 to 10,000 records), and metric and
    /// label names made valid for Prometheus (`http.server.request.duration` becomes
    /// `http_server_request_duration`).
    public static func makeFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
            .seconds(10),
        ]
        factory.defaultValueHistogramBuckets = [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000]
        factory.nameAndLabelSanitizer = { name, labels in
            (PrometheusNames.metricName(name), labels.map { (PrometheusNames.labelName($0.0), $0.1) })
        }
        return factory
    }
}
