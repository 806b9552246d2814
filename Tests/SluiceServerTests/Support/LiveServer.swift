import Logging
import Prometheus
import ServiceLifecycle
import SluiceRuntime
import SluiceServer
import Testing

/// Runs a ``SluiceServer/SluiceHTTPServer`` on a free loopback port, as `sluice run` does, for tests that need a
/// real socket (TLS, raw connections).
enum LiveServer {
    /// Serves `operations` with `configuration` (its port replaced by a free one) while `test` runs with the port.
    static func run(
        _ operations: some SluiceOperations,
        configuration: SluiceHTTPServerConfiguration,
        _ test: @Sendable (Int) async throws -> Void
    ) async throws {
        var logger = Logger(label: "sluice.server.test")
        logger.logLevel = .critical
        var configuration = configuration
        configuration.port = 0
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = try await SluiceHTTPServer(
            operations: operations,
            configuration: configuration,
            registry: PrometheusCollectorRegistry(),
            logger: logger,
            onListening: { _, port in continuation.yield(port) }
        )
        let group = ServiceGroup(services: [server], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            do {
                try await test(port)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
