import Logging
import NATSTestSupport
import Testing

@testable import SluiceRuntime

/// A node URL with `user:password@` keeps the password out of what Sluice shows: the error a start throws (which
/// `/readyz` and `/pipelines` would carry) and configuration errors.
@Suite struct ElasticsearchCredentialsTests {
    static let password = "s3cret-pw"

    static func config(directory: String, url: String) throws(ConfigError) -> SluiceConfig {
        try SluiceConfig.parse(
            """
            transport: sqlite
            data_dir: \(directory)/state
            elasticsearch:
              target: {url: "\(url)"}
            pipelines:
              - name: write
                source: {type: http}
                record: {id_field: id}
                sink: {type: elasticsearch, cluster: target}
            """,
            file: "write.yaml"
        )
    }

    @Test func aClusterThatCannotBeReachedIsNamedWithoutThePassword() async throws {
        let directory = try TestDirectory.make(prefix: "es-credentials")
        defer { TestDirectory.remove(directory) }
        let config = try Self.config(directory: directory, url: "http://elastic:\(Self.password)@127.0.0.1:1")
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let error = await #expect(throws: (any Error).self) {
            _ = try await PipelineRuntime.start(config: config, drainDeadline: .seconds(1), logger: logger)
        }
        let shown = "\(try #require(error))"
        #expect(shown.contains("127.0.0.1:1"))
        #expect(!shown.contains(Self.password))
    }

    @Test func aConfigErrorAboutTheURLHidesThePassword() throws {
        let error = #expect(throws: ConfigError.self) {
            _ = try Self.config(directory: "/tmp", url: "ftp://elastic:\(Self.password)@es.internal:9200")
        }
        let shown = "\(try #require(error))"
        #expect(shown.contains("elastic:<redacted>@es.internal:9200"))
        #expect(!shown.contains(Self.password))
    }
}
