import SluiceCore
import SluiceRuntime
import Synchronization

/// A sink written outside the runtime, the way a connector module writes one: `type: collect` keeps the ids it
/// is given and refuses records whose payload has `"refuse": true`.
struct CollectSinkConfig: SinkSettings {
    static let sinkType = "collect"
    /// A name the test chooses; required, to show how a connector reports a missing key.
    var label: String
}

/// The records a ``CollectSinkConfig`` sink received, by id.
final class CollectingSink: RecordSink {
    private let ids = Mutex<[String]>([])
    private let prepared = Atomic<Int>(0)

    var received: [String] { ids.withLock { $0 } }
    var preparations: Int { prepared.load(ordering: .relaxed) }

    func prepare() async throws { prepared.add(1, ordering: .relaxed) }

    func write(_ records: [SinkRecord]) async throws -> [SinkResult] {
        records.map { record in
            if record.envelope.payload[path: JSONPath(components: [.key("refuse")])] == .bool(true) { return .rejected("the collector refuses it") }
            ids.withLock { $0.append(record.envelope.resourceID) }
            return .delivered
        }
    }

    /// A connector whose every pipeline writes into this sink.
    var connector: SinkConnector {
        SinkConnector(
            CollectSinkConfig.self,
            keys: ["label"],
            decode: { block in
                guard let field = block.require("label", what: "a label"), let label = block.reader.nonEmptyString(field) else { return nil }
                return CollectSinkConfig(label: label)
            },
            check: { settings, _ in settings.label == "forbidden" ? ["the label 'forbidden' is not allowed"] : [] },
            make: { _, _ in self }
        )
    }
}
