import Foundation
import Logging
import NATSTestSupport
import NIOCore
import SluiceCore
import Testing

@testable import SluiceRuntime

/// A pipeline reading envelopes from another pipeline's stream, filtering by subject and transforming: the shape of
/// the gateway and write roles.
@Suite(.serialized) struct StreamSourceTests {
    @Test func consumesFiltersAndTransformsAnotherStream() async throws {
        try await TestNATSServer.withServer { server in
            let directory = try TestDirectory.make(prefix: "runtime-stream")
            defer { TestDirectory.remove(directory) }
            try Corpus.write(Corpus.good(0..<40), to: directory, name: "assets.ndjson")
            try FileManager.default.createDirectory(atPath: "\(directory)/logs", withIntermediateDirectories: true)
            try (Corpus.good(100..<120).joined(separator: "\n") + "\n").write(
                toFile: "\(directory)/logs/logs.ndjson",
                atomically: true,
                encoding: .utf8
            )
            let text = """
                transport: jetstream
                nats: {url: "\(server.url)"}
                data_dir: \(directory)/state
                server: {enabled: false}
                streams:
                  - {name: CHANGES, subjects: ["es.>"]}
                pipelines:
                  - name: watch-assets
                    source: {type: files, paths: "\(directory)/in/*.ndjson", progress: false}
                    record: {id_field: id, version_field: version, resource_type: assets, producer: iconik}
                    sink: {type: publish, subject: "es.{producer}.{resource_type}"}
                  - name: watch-logs
                    source: {type: files, paths: "\(directory)/logs/*.ndjson", progress: false}
                    record: {id_field: id, version_field: version, resource_type: logs, producer: iconik}
                    sink: {type: publish, subject: "es.{producer}.{resource_type}"}
                  - name: gateway
                    source: {type: jetstream, stream: CHANGES, subjects: ["es.iconik.>"]}
                    subject: "es.{producer}.{resource_type}"
                    filters:
                      - subjects: {include: ["es.iconik.assets", "es.iconik.meta"], exclude: ["es.iconik.logs"]}
                    transforms:
                      - set: {path: payload.region, value: eu-north-1}
                    sink: {type: search_index, index: docs, fields: [title, region]}
                    retry: {backoff: [100ms], max_deliver: 2}
                """
            let harness = try await RuntimeHarness(config: try SluiceConfig.parse(text, file: "gateway.yaml"))
            try await harness.waitUntil("40 assets indexed and 20 logs filtered out") {
                let gateway = await harness.runtime.pipelineStatus(named: "gateway")
                let indexed = try await harness.indexed()
                let pending = try await harness.runtime.pending(pipeline: "gateway")
                return indexed == 40 && (gateway?.counters.recordsOut ?? 0) == 40 && pending == 0
            }
            #expect(try await harness.runtime.search(SearchQuery(index: "docs", query: "\"eu-north-1\"")).total == 40)
            #expect(try await harness.runtime.search(SearchQuery(index: "docs", query: "report 105")).total == 0)

            // A message that is not an envelope lands in the DLQ with the stream subject it came from.
            try await harness.runtime.transport.publish([
                TransportOutgoingMessage(subject: "es.iconik.assets", payload: ByteBuffer(string: "{not json"))
            ])
            try await harness.waitUntil("the bad message is dead-lettered") { try await harness.deadLetterCount() == 1 }
            let letter = try #require(try await harness.runtime.deadLetters(pipeline: "gateway", limit: 1, cursor: nil).letters.first)
            #expect(letter.subject == "es.iconik.assets")
            #expect(letter.reason.hasPrefix("malformed JSON"))
            try await harness.drain()
        }
    }

    @Test func theSQLiteQueueRefusesAStreamSource() async throws {
        let directory = try TestDirectory.make(prefix: "runtime-stream-sqlite")
        defer { TestDirectory.remove(directory) }
        let text = """
            transport: sqlite
            data_dir: \(directory)/state
            pipelines:
              - name: gateway
                source: {type: jetstream, stream: CHANGES}
                sink: {type: search_index, index: docs, fields: [title]}
            """
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        await #expect {
            _ = try await PipelineRuntime.start(config: try SluiceConfig.parse(text), logger: logger)
        } throws: { error in
            "\(error)".contains("consumes the JetStream stream CHANGES, which needs transport: jetstream")
        }
    }
}
