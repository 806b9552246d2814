import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import SluiceRuntime
import SluiceServer
import Testing

/// Builds servers over an ``InMemoryOperations`` and reads their answers.
enum TestServer {
    /// The pipelines most tests use: `orders` (HTTP ingest into an index), `files` (file source), `broken` (failed).
    static func makeOperations(capacity: Int = 1000) -> InMemoryOperations {
        InMemoryOperations(
            pipelines: [
                PipelineStatus(name: "orders", state: .running, source: "http", sink: "search_index", lag: 0, lagThreshold: 1000),
                PipelineStatus(name: "files", state: .running, source: "files", sink: "search_index"),
                PipelineStatus(name: "broken", state: .failed, source: "http", sink: "publish", lastError: "stream not found"),
            ],
            capacity: capacity
        )
    }

    /// A server over `operations` with a registry of its own.
    static func make(
        _ operations: some SluiceOperations,
        configuration: SluiceHTTPServerConfiguration = .init(),
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
    ) async throws -> SluiceHTTPServer {
        var logger = Logger(label: "sluice.server.test")
        logger.logLevel = .critical
        return try await SluiceHTTPServer(operations: operations, configuration: configuration, registry: registry, logger: logger)
    }

    /// Runs `test` against a server over `operations`, through Hummingbird's router test framework.
    static func withClient(
        _ operations: some SluiceOperations,
        configuration: SluiceHTTPServerConfiguration = .init(),
        _ test: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await make(operations, configuration: configuration).application.test(.router, test)
    }
}

extension TestResponse {
    /// The body decoded from JSON.
    func json<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }

    /// The body as a JSON object.
    func object() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
    }

    /// The error body's code and message.
    func error() throws -> ErrorBody.Detail {
        try json(ErrorBody.self).error
    }

    /// The `Content-Type` header.
    var contentType: String? { headers[.contentType] }
}

extension ByteBuffer {
    /// Lines joined with newlines, as an NDJSON body.
    static func ndjson(_ lines: String...) -> ByteBuffer {
        ByteBuffer(string: lines.joined(separator: "\n") + "\n")
    }
}
