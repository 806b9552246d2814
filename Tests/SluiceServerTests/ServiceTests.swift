import Foundation
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import SluiceServer
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// ``SluiceHTTPServer`` as a service in a `ServiceGroup`, as `sluice run` uses it.
@Suite struct ServiceTests {
    @Test func servesUntilGracefulShutdown() async throws {
        var logger = Logger(label: "sluice.server.test")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = try await SluiceHTTPServer(
            operations: TestServer.makeOperations(),
            configuration: SluiceHTTPServerConfiguration(host: "127.0.0.1", port: 0),
            registry: PrometheusCollectorRegistry(),
            logger: logger,
            onListening: { _, port in continuation.yield(port) }
        )
        let group = ServiceGroup(services: [server], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            #expect(port > 0)
            let url = try #require(URL(string: "http://127.0.0.1:\(port)/healthz"))
            let (data, response) = try await URLSession.shared.data(from: url)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            #expect(String(decoding: data, as: UTF8.self) == "{\"status\":\"ok\"}\n")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
