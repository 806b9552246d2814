import Hummingbird
import Prometheus
import SluiceRuntime

/// Builds the router of the operations API: every endpoint, over one ``SluiceRuntime/SluiceOperations``.
enum OperationsRouter {
    /// A router serving every endpoint of the operations API, with errors answered as JSON and each
    /// request counted and timed through swift-metrics (Hummingbird's `hb_requests`,
    /// `http_server_request_duration` by route, method and status).
    static func make(
        operations: any SluiceOperations,
        configuration: SluiceHTTPServerConfiguration,
        registry: PrometheusCollectorRegistry
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(MetricsMiddleware())
        router.middlewares.add(ErrorMiddleware(retryAfterSeconds: configuration.retryAfterSeconds))
        HealthRoutes(operations: operations).add(to: router)
        MetricsRoute(registry: registry).add(to: router)
        PipelineRoutes(operations: operations).add(to: router)
        IngestRoute(operations: operations, maxBodySize: configuration.maxBodySize).add(to: router)
        SearchRoute(
            operations: operations,
            defaultLimit: configuration.defaultSearchLimit,
            maxLimit: configuration.maxPageSize,
            maxOffset: configuration.maxSearchOffset
        ).add(to: router)
        DeadLetterRoutes(
            operations: operations,
            defaultLimit: configuration.defaultDeadLetterLimit,
            maxLimit: configuration.maxPageSize,
            maxBodySize: configuration.maxControlBodySize
        ).add(to: router)
        return router
    }
}
