import SluiceElasticsearchConnector
import SluiceRuntime

/// The three roles of the Elasticsearch sync gateway, run as separate processes from one configuration:
/// each runs only the pipelines of its kind.
enum SyncRole: String, CaseIterable {
    /// Elasticsearch → JetStream: pipelines whose source is `elasticsearch`.
    case watch
    /// JetStream → filter/transform → JetStream: pipelines reading a stream and publishing.
    case gateway
    /// JetStream → Elasticsearch: pipelines whose sink is `elasticsearch`.
    case write

    /// Whether a pipeline belongs to this role.
    func includes(_ pipeline: PipelineConfig) -> Bool {
        switch self {
        case .watch:
            return pipeline.source.type == ElasticsearchSourceConfig.sourceType
        case .gateway:
            return pipeline.source.type == JetStreamSourceConfig.sourceType && pipeline.sink.type == PublishSinkConfig.sinkType
        case .write:
            return pipeline.sink.type == ElasticsearchSinkConfig.sinkType
        }
    }

    /// The configuration with only this role's pipelines (or those named in `only`).
    ///
    /// - Throws: ``RoleError`` when nothing is left to run.
    func select(_ config: SluiceConfig, only names: [String]) throws -> SluiceConfig {
        var selected = config
        selected.pipelines = config.pipelines.filter { names.isEmpty ? includes($0) : names.contains($0.name) }
        for name in names where !config.pipelines.contains(where: { $0.name == name }) {
            throw RoleError("no pipeline named \(name) in the configuration")
        }
        guard !selected.pipelines.isEmpty else {
            throw RoleError("the configuration has no \(rawValue) pipeline (\(requirement)); name one with --pipeline")
        }
        return selected
    }

    private var requirement: String {
        switch self {
        case .watch: "source type elasticsearch"
        case .gateway: "source type jetstream with sink type publish"
        case .write: "sink type elasticsearch"
        }
    }
}

/// A role cannot run the configuration it was given.
struct RoleError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
