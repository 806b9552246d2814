import Logging
import NATSTestSupport
import SluiceSQLiteTransport
import Testing

@testable import SluiceRuntime
@testable import SluiceSQLite

/// The top-level `queue: {synchronous: …}` reaches the SQLite transport's connection.
@Suite struct QueueSettingsTests {
    func synchronous(_ queueSettings: String) async throws -> Int64 {
        let directory = try TestDirectory.make(prefix: "queue-settings")
        defer { TestDirectory.remove(directory) }
        let config = try SluiceConfig.parse(
            """
            transport: sqlite
            data_dir: \(directory)
            \(queueSettings)
            pipelines:
              - name: docs
                source: {type: http}
                record: {id_field: id}
                sink: {type: search_index, index: docs, fields: [title]}
            """
        )
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let runtime = try await PipelineRuntime.start(config: config, logger: logger)
        let transport = try #require(runtime.transport as? SQLiteTransport)
        let level = try await transport.queue.file.write { connection in
            try #require(try await connection.query("PRAGMA synchronous").first).int64("synchronous")
        }
        await runtime.shutdown()
        return level
    }

    @Test func theQueueSyncsFullyUnlessTheConfigurationSaysNormal() async throws {
        #expect(try await synchronous("") == 2)
        #expect(try await synchronous("queue: {synchronous: full}") == 2)
        #expect(try await synchronous("queue: {synchronous: normal}") == 1)
    }

    @Test func anUnknownSynchronousModeIsAConfigError() {
        let error = #expect(throws: ConfigError.self) {
            _ = try SluiceConfig.parse(
                """
                transport: sqlite
                queue: {synchronous: sometimes}
                pipelines:
                  - {name: docs, source: {type: http}, record: {id_field: id}, sink: {type: search_index, index: docs, fields: [title]}}
                """
            )
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains("expected one of full, normal"))
    }
}
