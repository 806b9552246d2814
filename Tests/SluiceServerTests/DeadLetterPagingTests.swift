import Logging
import NATSTestSupport
import NIOCore
import ServiceLifecycle
import SluiceClient
import SluiceConnectors
import SluiceRuntime
import SluiceServer
import Testing

/// `GET /dlq` pages by cursor over HTTP, served by a real runtime on the SQLite queue, through ``SluiceAPIClient``.
@Suite struct DeadLetterPagingTests {
    @Test func theListIsReadPageByPageWithTheCursorItHandsOut() async throws {
        let directory = try TestDirectory.make(prefix: "dlq-pages")
        defer { TestDirectory.remove(directory) }
        let config = try SluiceConfig.parse(
            """
            transport: sqlite
            data_dir: \(directory)
            pipelines:
              - name: docs
                source: {type: http}
                record: {id_field: id}
                transforms:
                  - validate: {required: [payload.title]}
                sink: {type: search_index, index: docs, fields: [title]}
            """,
            connectors: .builtIn
        )
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let runtime = try await PipelineRuntime.start(config: config, connectors: .builtIn, logger: logger)
        let group = ServiceGroup(services: [runtime], logger: logger)
        let running = Task { try await group.run() }
        // Three records without the title the pipeline requires: three dead letters.
        _ = try await runtime.ingest(pipeline: "docs", body: ByteBuffer(string: (1...3).map { #"{"id":"\#($0)"}"# }.joined(separator: "\n")))
        try await withTimeout(.seconds(30), "three dead letters") {
            while try await runtime.deadLetters(pipeline: "docs", limit: 10, cursor: nil).letters.count < 3 {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        try await LiveServer.run(runtime, configuration: SluiceHTTPServerConfiguration()) { port in
            let api = try SluiceAPIClient(baseURL: "http://127.0.0.1:\(port)")
            let first = try await api.deadLetterPage(pipeline: "docs", limit: 2, cursor: nil)
            #expect(first.count == 2)
            let cursor = try #require(first.nextCursor)
            let second = try await api.deadLetterPage(pipeline: "docs", limit: 2, cursor: cursor)
            #expect(second.count == 1)
            #expect(second.nextCursor == nil)
            #expect(Set((first.deadLetters + second.deadLetters).map(\.id)).count == 3)
            let unknown = await #expect(throws: SluiceAPIClientError.self) {
                _ = try await api.deadLetterPage(pipeline: "docs", limit: 2, cursor: "not-a-cursor")
            }
            guard case .server(let status, _, _)? = unknown else {
                Issue.record("expected a server error, got \(String(describing: unknown))")
                return
            }
            #expect(status == 400)
        }
        await group.triggerGracefulShutdown()
        try await running.value
    }
}
