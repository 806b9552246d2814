import Hummingbird
import Prometheus
import SluiceConsole
import SluiceHTTPAuth
import SluiceRuntime

/// Builds the router of the operations API: every endpoint, over one ``SluiceRuntime/SluiceOperations``.
enum OperationsRouter {
    /// A router serving every endpoint of the operations API, with errors answered as JSON, each request counted
    /// and timed through swift-metrics (Hummingbird's `hb_requests`, `http_server_request_duration` by route,
    /// method and status), `Host` and `Origin` checked, and each route behind its scope:
    ///
    /// - open unless `open_health`/`open_metrics` say otherwise (then `read`): `/healthz`, `/readyz`, `/metrics`;
    /// - `read`: `GET /pipelines`, `GET /pipelines/{name}`, `GET /search`, `GET /dlq`, `GET /dlq/{id}`;
    /// - `ingest`: `POST /ingest/{pipeline}`;
    /// - `admin`: pause and resume, `POST /dlq/replay`, `DELETE /dlq`;
    /// - open, unless `console` is off: the web console's pages at `/` and `/console/…` (they hold no data; what they
    ///   show comes from the routes above, with the token the operator enters).
    static func make(
        operations: any SluiceOperations,
        configuration: SluiceHTTPServerConfiguration,
        authenticator: HTTPAuthenticator?,
        registry: PrometheusCollectorRegistry
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(MetricsMiddleware())
        router.middlewares.add(ErrorMiddleware(retryAfterSeconds: configuration.retryAfterSeconds))
        router.middlewares.add(HostPolicyMiddleware(configuration.hostPolicy))
        let read = router.group(requiring: .read, authenticator: authenticator)
        let ingest = router.group(requiring: .ingest, authenticator: authenticator)
        let admin = router.group(requiring: .admin, authenticator: authenticator)
        let open = router.group()
        HealthRoutes(operations: operations).add(to: configuration.auth.openHealth ? open : read)
        MetricsRoute(registry: registry).add(to: configuration.auth.openMetrics ? open : read)
        PipelineRoutes(operations: operations).add(read: read, admin: admin)
        IngestRoute(operations: operations, bodyLimit: configuration.ingestBodyLimit(pipeline:)).add(to: ingest)
        SearchRoute(
            operations: operations,
            defaultLimit: configuration.defaultSearchLimit,
            maxLimit: configuration.maxPageSize,
            maxOffset: configuration.maxSearchOffset
        ).add(to: read)
        if configuration.console { ConsoleRoutes().add(to: open) }
        DeadLetterRoutes(
            operations: operations,
            defaultLimit: configuration.defaultDeadLetterLimit,
            maxLimit: configuration.maxPageSize,
            maxBodySize: configuration.maxControlBodySize
        ).add(read: read, admin: admin)
        return router
    }
}
