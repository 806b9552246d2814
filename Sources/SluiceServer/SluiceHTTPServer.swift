public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
public import Prometheus
public import ServiceLifecycle
public import SluiceRuntime

/// The operations API of a running Sluice, over HTTP or HTTPS: health, readiness, metrics, pipelines, ingest,
/// search and the dead-letter queue, behind the `Host`/`Origin` checks and, when configured, bearer authentication.
///
/// It is a `Service`: put it in the `ServiceGroup` that runs the pipelines, and it stops accepting
/// connections and finishes the requests in flight on graceful shutdown.
///
/// ```swift
/// let registry = SluiceMetrics.bootstrap()
/// let server = try await SluiceHTTPServer(operations: runtime, configuration: .init(), registry: registry, logger: logger)
/// let group = ServiceGroup(services: [runtime, server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()
/// ```
///
/// Endpoints and their answers are described in `docs/operations.md`, authentication in `docs/security.md`.
public struct SluiceHTTPServer: Service {
    /// The Hummingbird application serving the API; tests drive it with `HummingbirdTesting`.
    public let application: Application<RouterResponder<BasicRequestContext>>

    /// Creates a server over `operations`.
    ///
    /// - Parameters:
    ///   - operations: What the endpoints read and act on; the runtime in production.
    ///   - configuration: Address, authentication, TLS and limits; `127.0.0.1:8080` without authentication by default.
    ///   - registry: The registry `GET /metrics` serves, usually the one ``SluiceMetrics/bootstrap()`` returned.
    ///   - logger: Where the server logs (start, failures inside handlers).
    ///   - onListening: Called once the server listens, with the bound host and port (useful with port `0`).
    /// - Throws: ``SluiceHTTPServerError`` when the address is not loopback and no authentication is configured,
    ///   or when a key or the certificate cannot be used.
    public init(
        operations: any SluiceOperations,
        configuration: SluiceHTTPServerConfiguration = SluiceHTTPServerConfiguration(),
        registry: PrometheusCollectorRegistry,
        logger: Logger,
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) async throws(SluiceHTTPServerError) {
        try configuration.checkExposure()
        let authenticator = try await configuration.makeAuthenticator()
        let router = OperationsRouter.make(
            operations: operations,
            configuration: configuration,
            authenticator: authenticator,
            registry: registry
        )
        self.application = Application(
            router: router,
            server: try Self.serverBuilder(configuration),
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

    /// HTTP/1.1 with the idle timeout, in TLS when configured, under the connection limit.
    private static func serverBuilder(_ configuration: SluiceHTTPServerConfiguration) throws(SluiceHTTPServerError) -> HTTPServerBuilder {
        let http = HTTP1Channel.Configuration(idleTimeout: configuration.idleTimeout.map { TimeAmount($0) })
        let limit = configuration.maxConnections
        guard let tls = try configuration.tlsConfiguration() else {
            return HTTPServerBuilder { responder in
                ConnectionLimitChannel(base: HTTP1Channel(responder: responder, configuration: http), limit: limit)
            }
        }
        return HTTPServerBuilder { responder in
            ConnectionLimitChannel(
                base: try TLSChannel(HTTP1Channel(responder: responder, configuration: http), tlsConfiguration: tls),
                limit: limit
            )
        }
    }
}
