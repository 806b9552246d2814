import FuzzSupport
import SluiceJetStreamTransport
import SluiceRuntime
import SluiceSQLiteTransport
import SluiceSearchIndexConnector
import SluiceYAML

/// The YAML configuration reader (`SluiceYAML`, then `ConfigReader` and every connector's decoder): any text gives a
/// configuration or a list of issues, and no issue prints the value of an environment variable the text refers to.
/// A YAML error points inside the text (line 1 to one past the last line).
@main enum FuzzConfig {
    static func main() {
        runFuzzer { data, count in
            FuzzConfig.test(fuzzInput(data, count))
            return 0
        }
    }

    /// The connectors of `sluice` that need no client library beyond the NATS and SQLite ones the other targets build.
    static let connectors: ConnectorRegistry = {
        var registry = ConnectorRegistry()
        registry.registerJetStreamTransport()
        registry.registerSQLiteTransport()
        registry.register(SourceConnector.files)
        registry.register(SourceConnector.http)
        registry.register(SourceConnector.jetstream)
        registry.registerSearchIndex()
        registry.register(SinkConnector.publish)
        return registry
    }()

    /// What `${SECRET}` stands for; seeds and the dictionary refer to it.
    static let secret = "Zq9hunter2Zq9"
    static let environment = ["SECRET": secret, "HOST": "127.0.0.1", "EMPTY": ""]

    static func test(_ input: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: input, as: UTF8.self)
        do {
            _ = try YAMLNode.parse(text)
        } catch {
            let lines = text.utf8.count { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") } + 1
            require(error.mark.line >= 1 && error.mark.line <= lines && error.mark.column >= 1, "a YAML error at \(error.mark)")
        }
        do {
            _ = try SluiceConfig.parse(text, file: "fuzz.yaml", environment: environment, connectors: connectors)
        } catch {
            guard !text.lowercased().contains("hunter2") else { return }
            for issue in error.issues {
                require(!issue.message.lowercased().contains("hunter2"), "an issue prints the secret: \(issue)")
                require(issue.line >= 0 && issue.column >= 0, "an issue at \(issue.line):\(issue.column)")
            }
        }
    }
}
