public import Hummingbird
public import Logging
import NIOCore
public import Prometheus
public import ServiceLifecycle
public import SluiceRuntime

/// The operations API of a running Sluice, over HTTP: health, readiness, metrics, pipelines, ingest,
/// search and the dead-letter queue.
///
/// It is a `Service`: put it in the `ServiceGroup` that runs the pipelines, and it stops accepting
/// connections and finishes the requests in flight on graceful shutdown.
///
/// ```swift
/// let registry = SluiceMetrics.bootstrap()
/// let server = SluiceHTTPServer(operations: runtime, configuration: .init(), registry: registry, logger: logger)
/// let group = ServiceGroup(services: [runtime, server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()
/// ```
///
/// Endpoints and their answers are described in `docs/operations.md`.
public struct SluiceHTTPServer: Service {
    /// The Hummingbird application serving the API; tests drive it with `HummingbirdTesting`.
    public let application: Application<RouterResponder<BasicRequestContext>>

    /// Creates a server over `operations`.
    ///
    /// - Parameters:
    ///   - operations: What the endpoints read and act on; the runtime in production.
    ///   - configuration: Address and limits; `127.0.0.1:8080` and 10 MB bodies by default.
    ///   - registry: The registry `GET /metrics` serves, usually the one ``SluiceMetrics/bootstrap()`` returned.
    ///   - logger: Where the server logs (start, failures inside handlers).
    ///   - onListening: Called once the server listens, with the bound host and port (useful with port `0`).
    public init(
        operations: any SluiceOperations,
        configuration: SluiceHTTPServerConfiguration = SluiceHTTPServerConfiguration(),
        registry: PrometheusCollectorRegistry,
        logger: Logger,
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) {
        let router = OperationsRouter.make(operations: operations, configuration: configuration, registry: registry)
        self.application = Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "sluice"
            ),
            onServerRunning: { channel in
                guard let address = channel.localAddress else { return }
                await onListening(address.ipAddress ?? configuration.host, address.port ?? configuration.port)
            },
            logger: logger
        )
    }

    /// Serves until graceful shutdown (or cancellation) of the task running it.
    public func run() async throws {
        try await application.run()
    }
}
