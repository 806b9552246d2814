import Foundation
import Logging
import NATSTestSupport
import SluiceRuntime
import SluiceSQLiteTransport
import Testing

/// A connector written outside `SluiceRuntime` (this test module) plugs in through the registry alone: its config
/// is read and checked with file, line and field, and a runtime runs pipelines into it.
@Suite struct ConnectorRegistryTests {
    /// Files in, the test's collecting sink out, on the embedded queue.
    static func registry(_ sink: CollectingSink) -> ConnectorRegistry {
        var registry = ConnectorRegistry()
        registry.register(TransportConnector.sqlite)
        registry.register(SourceConnector.files)
        registry.register(sink.connector)
        return registry
    }

    static func text(directory: String, sink: String = "{type: collect, label: one}") -> String {
        """
        transport: sqlite
        data_dir: \(directory)/state
        pipelines:
          - name: docs
            source: {type: files, paths: "\(directory)/in/*.ndjson", progress: false}
            sink: \(sink)
            batch: {max_records: 10, max_age: 10ms}
            retry: {backoff: [50ms], max_deliver: 2}
        """
    }

    @Test func aConnectorOfAnotherModuleDecodesItsBlock() throws {
        let config = try SluiceConfig.parse(Self.text(directory: "/tmp/x"), connectors: Self.registry(CollectingSink()))
        let sink = try #require(config.pipelines.first?.sink)
        #expect(sink.type == "collect")
        #expect(sink.settings(as: CollectSinkConfig.self) == CollectSinkConfig(label: "one"))
    }

    @Test func itsProblemsNameTheFileLineAndField() {
        let registry = Self.registry(CollectingSink())
        let missing = #expect(throws: ConfigError.self) {
            try SluiceConfig.parse(Self.text(directory: "/tmp/x", sink: "{type: collect}"), file: "c.yaml", connectors: registry)
        }
        #expect(missing?.issues.map(\.description) == ["c.yaml:6:11: pipelines[0].sink.label: missing; expected a label"])
        let foreignKey = #expect(throws: ConfigError.self) {
            try SluiceConfig.parse(Self.text(directory: "/tmp/x", sink: "{type: collect, label: a, index: x}"), file: "c.yaml", connectors: registry)
        }
        #expect(foreignKey?.issues.first?.description.contains("pipelines[0].sink.index: unknown key 'index'; allowed: type, label") == true)
        let checked = #expect(throws: ConfigError.self) {
            try SluiceConfig.parse(Self.text(directory: "/tmp/x", sink: "{type: collect, label: forbidden}"), file: "c.yaml", connectors: registry)
        }
        #expect(checked?.issues.map(\.message) == ["the label 'forbidden' is not allowed"])
    }

    @Test func anUnregisteredTypeListsTheRegisteredOnes() {
        let error = #expect(throws: ConfigError.self) {
            try SluiceConfig.parse(
                Self.text(directory: "/tmp/x", sink: "{type: search_index}"),
                file: "c.yaml",
                connectors: Self.registry(CollectingSink())
            )
        }
        #expect(error?.issues.map(\.message) == [#"expected one of collect, got "search_index""#])
        let transport = #expect(throws: ConfigError.self) {
            try SluiceConfig.parse(
                "transport: jetstream\n" + Self.text(directory: "/tmp/x").split(separator: "\n", maxSplits: 1)[1],
                connectors: Self.registry(CollectingSink())
            )
        }
        #expect(transport?.issues.map(\.message) == [#"expected one of sqlite, auto, got "jetstream""#])
    }

    @Test func aRuntimeRunsPipelinesIntoIt() async throws {
        let directory = try TestDirectory.make(prefix: "registry")
        defer { TestDirectory.remove(directory) }
        try FileManager.default.createDirectory(atPath: "\(directory)/in", withIntermediateDirectories: true)
        let lines = (0..<25).map { #"{"id":"doc-\#($0)"}"# } + [#"{"id":"no-thanks","refuse":true}"#]
        try lines.joined(separator: "\n").write(toFile: "\(directory)/in/a.ndjson", atomically: true, encoding: .utf8)
        let sink = CollectingSink()
        let registry = Self.registry(sink)
        let config = try SluiceConfig.parse(Self.text(directory: directory), connectors: registry)
        let runtime = try await PipelineRuntime.start(config: config, connectors: registry, logger: Logger(label: "test"))
        let run = Task { try await runtime.run() }
        try await withTimeout(.seconds(60), "every record reached the sink or the dead letters") {
            while true {
                let deadLetters = try await runtime.deadLetters(pipeline: "docs", limit: 10, cursor: nil).letters
                if sink.received.count == 25, deadLetters.count == 1 { return }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        #expect(Set(sink.received) == Set((0..<25).map { "doc-\($0)" }))
        #expect(
            try await runtime.deadLetters(pipeline: "docs", limit: 10, cursor: nil).letters.first?.reason.contains("the collector refuses it") == true
        )
        #expect(sink.preparations == 1)
        #expect(runtime.searchProvider == nil)
        await #expect(throws: OperationsError.self) { try await runtime.search(SearchQuery(index: "docs", query: "x")) }
        runtime.stopPipelines()
        try await run.value
    }

    @Test func autoMovesOnToTheNextTransportWhenOneCannotOpen() async throws {
        let directory = try TestDirectory.make(prefix: "registry-auto")
        defer { TestDirectory.remove(directory) }
        struct Unreachable: Error {}
        var registry = ConnectorRegistry()
        registry.register(TransportConnector(TransportKind(rawValue: "unreachable")) { _, _ in throw Unreachable() })
        registry.register(TransportConnector.sqlite)
        registry.register(SourceConnector.files)
        registry.register(CollectingSink().connector)
        let text = Self.text(directory: directory).replacingOccurrences(of: "transport: sqlite", with: "transport: auto")
        let config = try SluiceConfig.parse(text, connectors: registry)
        let runtime = try await PipelineRuntime.start(config: config, connectors: registry, logger: Logger(label: "test"))
        #expect(runtime.transport.name == "sqlite")
        runtime.stopPipelines()
        try await runtime.run()
    }

    @Test func aSectionOfAnotherModuleIsReadFromTheTopOfTheFile() throws {
        struct Greeting: ConfigSectionSettings {
            var text = "hello"
        }
        var registry = Self.registry(CollectingSink())
        registry.register(
            ConfigSection(Greeting.self, keys: ["greeting"]) { keys, reader, _ in
                Greeting(text: keys["greeting"].flatMap { reader.nonEmptyString($0) } ?? "hello")
            }
        )
        let absent = try SluiceConfig.parse(Self.text(directory: "/tmp/x"), connectors: registry)
        #expect(absent.section(Greeting.self).text == "hello")
        let given = try SluiceConfig.parse("greeting: bonjour\n" + Self.text(directory: "/tmp/x"), connectors: registry)
        #expect(given.section(Greeting.self).text == "bonjour")
        #expect(given != absent)
    }
}
