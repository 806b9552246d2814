import Foundation
import Logging
import NIOCore
import SluiceServer
import Synchronization
import Testing

@Suite struct LoggingTests {
    /// Lines a ``LogSink`` received.
    final class Lines: Sendable {
        let value = Mutex<[String]>([])
        var sink: LogSink { LogSink { line in self.value.withLock { $0.append(line) } } }
        var all: [String] { value.withLock { $0 } }
    }

    @Test func writesOneJSONObjectPerLine() throws {
        let lines = Lines()
        var logger = Logger(label: "sluice.test") { label in
            var handler = JSONLogHandler(label: label, sink: lines.sink)
            handler.logLevel = .debug
            return handler
        }
        logger[metadataKey: "pipeline"] = "orders"
        logger.info("batch \"flushed\"\nnext", metadata: ["count": "42", "ids": ["a", "b"], "sink": ["kind": "index"]])
        logger.trace("not written")

        #expect(lines.all.count == 1)
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["timestamp", "level", "label", "message", "metadata"])
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "sluice.test")
        #expect(object["message"] as? String == "batch \"flushed\"\nnext")
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["pipeline"] as? String == "orders")
        #expect(metadata["count"] as? String == "42")
        #expect(metadata["ids"] as? [String] == ["a", "b"])
        #expect((metadata["sink"] as? [String: String]) == ["kind": "index"])
        let timestamp = try #require(object["timestamp"] as? String)
        #expect(try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(timestamp).timeIntervalSinceNow > -60)
    }

    @Test func leavesOutEmptyMetadataAndEscapesControlCharacters() throws {
        let lines = Lines()
        let logger = Logger(label: "x") { JSONLogHandler(label: $0, sink: lines.sink) }
        logger.warning("bell\u{07}tab\t")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines.all[0].utf8)) as? [String: Any])
        #expect(object["metadata"] == nil)
        #expect(object["message"] as? String == "bell\u{07}tab\t")
        #expect(lines.all[0].contains(#"bell\u0007tab\t"#))
    }

    @Test func metadataProviderIsMerged() throws {
        let lines = Lines()
        let provider = Logger.MetadataProvider { ["trace_id": "abc"] }
        let logger = Logger(label: "x") { JSONLogHandler(label: $0, sink: lines.sink, metadataProvider: provider) }
        logger.error("failed")
        #expect(lines.all[0].contains(#""metadata":{"trace_id":"abc"}"#))
    }

    @Test func levelComesFromTheEnvironmentThenTheConfiguration() throws {
        #expect(try SluiceLogging.resolveLevel(configured: nil, environment: [:]) == .info)
        #expect(try SluiceLogging.resolveLevel(configured: .warning, environment: [:]) == .warning)
        #expect(try SluiceLogging.resolveLevel(configured: .warning, environment: ["SLUICE_LOG_LEVEL": "DEBUG"]) == .debug)
        #expect(try SluiceLogging.resolveLevel(configured: .error, environment: ["SLUICE_LOG_LEVEL": "warn"]) == .warning)
        #expect(try SluiceLogging.resolveLevel(configured: .error, environment: ["SLUICE_LOG_LEVEL": ""]) == .error)
        #expect(throws: LogLevelError(text: "loud")) {
            try SluiceLogging.resolveLevel(configured: nil, environment: ["SLUICE_LOG_LEVEL": "loud"])
        }
    }

    @Test func formatsHaveTheirHandlers() {
        #expect(SluiceLogging.makeHandler(format: .json, label: "a") is JSONLogHandler)
        #expect(SluiceLogging.makeHandler(format: .text, label: "a") is StreamLogHandler)
        #expect(LogFormat(rawValue: "text") == .text)
    }
}
