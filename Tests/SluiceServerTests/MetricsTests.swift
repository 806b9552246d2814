import HummingbirdTesting
import Metrics
import NIOCore
import Prometheus
import SluiceServer
import Testing

@Suite struct MetricsTests {
    @Test func servesMetricsCreatedThroughSwiftMetrics() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = SluiceMetrics.makeFactory(registry: registry)
        let counter = Counter(label: "sluice_records_in_total", dimensions: [("pipeline", "orders")], factory: factory)
        counter.increment(by: 42)
        let lag = Gauge(label: "sluice_consumer_lag", dimensions: [("pipeline", "orders")], factory: factory)
        lag.record(7)
        let latency = Metrics.Timer(label: "sluice_sink_latency_seconds", dimensions: [("pipeline", "orders")], factory: factory)
        latency.recordMilliseconds(3)

        let server = try await TestServer.make(TestServer.makeOperations(), registry: registry)
        try await server.application.test(.router) { client in
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.contentType == "text/plain; version=0.0.4; charset=utf-8")
            let text = String(buffer: response.body)
            #expect(text.contains("# TYPE sluice_records_in_total counter"))
            #expect(text.contains(#"sluice_records_in_total{pipeline="orders"} 42"#))
            #expect(text.contains(#"sluice_consumer_lag{pipeline="orders"} 7"#))
            #expect(text.contains(#"sluice_sink_latency_seconds_bucket{pipeline="orders",le="0.005"} 1"#))
        }
    }

    @Test func namesAreMadeValidForPrometheus() {
        let registry = PrometheusCollectorRegistry()
        let factory = SluiceMetrics.makeFactory(registry: registry)
        Counter(label: "hb.requests", dimensions: [("http.route", "/dlq/{id}"), ("9lives", "x")], factory: factory).increment()
        let text = registry.emitToString()
        #expect(text.contains(#"hb_requests{http_route="/dlq/{id}",_9lives="x"} 1"#))
    }

    /// The process-wide bootstrap: done once, the same registry every time, global metrics appear in it.
    @Test func bootstrapIsIdempotentAndFeedsTheRegistry() async throws {
        let registry = SluiceMetrics.bootstrap()
        #expect(SluiceMetrics.bootstrap() === registry)
        Counter(label: "sluice_server_test_bootstrap_total").increment()
        #expect(registry.emitToString().contains("sluice_server_test_bootstrap_total 1"))
        // Requests are counted by Hummingbird's metrics middleware through the global factory.
        let server = try await TestServer.make(TestServer.makeOperations(), registry: registry)
        try await server.application.test(.router) { client in
            _ = try await client.execute(uri: "/pipelines/nope", method: .get)
            let text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(text.contains(#"hb_requests{http_route="/pipelines/{name}",http_request_method="GET",http_response_status_code="404"} "#))
        }
    }
}
