import Foundation
import Logging
import NATS
import NATSTestSupport
import ServiceLifecycle
import SluiceJetStreamTransport
import SluiceRuntime
import SluiceSQLiteTransport

/// Runs a ``PipelineRuntime`` in a ``ServiceGroup`` the way `sluice run` does, for end-to-end tests.
final class RuntimeHarness: Sendable {
    let runtime: PipelineRuntime
    let group: ServiceGroup
    let task: Task<Void, any Error>

    init(config: SluiceConfig) async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        runtime = try await PipelineRuntime.start(config: config, drainDeadline: .seconds(20), logger: logger)
        group = ServiceGroup(services: [runtime], logger: logger)
        let group = self.group
        task = Task { try await group.run() }
    }

    /// A graceful shutdown (what SIGTERM does), waiting until the runtime drained and stopped.
    func drain() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }

    /// Waits until `condition` holds, polling every 50 ms, for at most `timeout`.
    func waitUntil(timeout: Duration = .seconds(30), _ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessTimeout(what: what)
    }

    func indexed(_ index: String = "docs") async throws -> Int {
        guard let search = runtime.searchProvider else { throw NoSearchIndex() }
        return try await search.documentCount(index: index)
    }

    /// A second transport on the runtime's storage, as another process sharing it would open: its own connection to
    /// the same nats-server, or its own handle on the same queue file.
    func openAnotherTransport() async throws -> any Transport {
        if runtime.transport is SQLiteTransport {
            return try await SQLiteTransport.open(path: "\(runtime.config.dataDirectory)/queue.sqlite")
        }
        let client = try await NATSClient.connect(NATSClientOptions(servers: runtime.config.nats.urls))
        return try await JetStreamTransport.make(client: client, ownsClient: true)
    }

    func deadLetterCount() async throws -> Int {
        try await runtime.deadLetters(pipeline: nil, limit: 100_000, cursor: nil).letters.count
    }
}

/// The runtime under test was started without a search connector.
struct NoSearchIndex: Error {}

struct HarnessTimeout: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting until \(what)" }
}

/// Test input: good documents and the four kinds of bad record.
enum Corpus {
    static func good(_ range: Range<Int>) -> [String] {
        range.map { #"{"id":"doc-\#($0)","version":1,"title":"river report \#($0)","body":"water levels at gauge \#($0)","price":\#($0)}"# }
    }

    static let malformed = #"{"id": "broken", "title": "#
    static let missingID = #"{"version":1,"title":"no id here","price":1}"#
    static let wrongType = #"{"id":"typed-1","version":1,"title":"wrong type","price":"cheap"}"#
    static let oversized = #"{"id":"big-1","version":1,"title":"big","price":1,"body":"\#(String(repeating: "x", count: 3000))"}"#
    static let bad = [malformed, missingID, wrongType, oversized]

    static func config(directory: String, transport: String, natsURL: String = "nats://127.0.0.1:1", validate: Bool = true) throws -> SluiceConfig {
        let validation = validate ? "\n    transforms:\n      - validate: {required: [payload.title], types: {payload.price: number}}" : ""
        let text = """
            transport: \(transport)
            nats: {url: "\(natsURL)"}
            data_dir: \(directory)/state
            pipelines:
              - name: docs
                source: {type: files, paths: "\(directory)/in/*.ndjson", progress: false}
                record: {id_field: id, version_field: version, max_bytes: 2KB}\(validation)
                sink: {type: search_index, index: docs, fields: [title, body]}
                batch: {max_records: 50, max_age: 10ms}
                retry: {backoff: [100ms], max_deliver: 3}
              - name: api
                source: {type: http}
                record: {id_field: id, max_bytes: 2KB}
                sink: {type: search_index, index: docs, fields: [title, body]}
            """
        return try SluiceConfig.parse(text, file: "test.yaml")
    }

    static func write(_ lines: [String], to directory: String, name: String = "part-1.ndjson") throws {
        try FileManager.default.createDirectory(atPath: "\(directory)/in", withIntermediateDirectories: true)
        try (lines.joined(separator: "\n") + "\n").write(toFile: "\(directory)/in/\(name)", atomically: true, encoding: .utf8)
    }
}
