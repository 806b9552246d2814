import SluiceSQLite
import Yams

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SluiceConfig {
    /// The keys allowed at the top of a configuration file.
    static let topLevelKeys = [
        "nats", "transport", "data_dir", "index_path", "index_shards", "search_timeout", "streams", "elasticsearch", "pipelines",
        "server", "log",
    ]

    /// Reads and validates a configuration file.
    ///
    /// - Parameters:
    ///   - file: The YAML file.
    ///   - environment: Variables for `${NAME}` and `${NAME:-default}`; default the process environment.
    /// - Throws: ``ConfigError`` listing every problem with file, line, column and field path.
    public static func load(
        file: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError)
        -> SluiceConfig
    {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigError(
                .unreadable,
                issues: [ConfigIssue(file: file, line: 0, column: 0, path: "", message: "cannot read the file: \(error.localizedDescription)")]
            )
        }
        return try parse(text, file: file, environment: environment)
    }

    /// Parses and validates configuration text; `file` names it in errors.
    public static func parse(
        _ text: String,
        file: String = "<config>",
        environment: [String: String] = [:]
    ) throws(ConfigError)
        -> SluiceConfig
    {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigError(.syntax, issues: [syntaxIssue(error, file: file)])
        } catch {
            throw ConfigError(.syntax, issues: [ConfigIssue(file: file, line: 0, column: 0, path: "", message: "\(error)")])
        }
        let reader = ConfigReader(file: file, environment: environment)
        var config = SluiceConfig()
        if let root {
            config.decode(ConfigField(node: root, path: ""), reader: reader)
        } else {
            reader.report(at: nil, path: "pipelines", "the file is empty; expected at least one pipeline")
        }
        guard reader.issues.isEmpty else {
            // In document order, as ConfigError promises (the decoder finds them key by key, not line by line).
            let ordered = reader.issues.enumerated().sorted { a, b in
                (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
            }
            throw ConfigError(.invalid, issues: ordered.map(\.element))
        }
        return config
    }

    /// Fills the configuration from the document's root mapping.
    mutating func decode(_ root: ConfigField, reader: ConfigReader) {
        guard let keys = reader.mapping(root, allowed: Self.topLevelKeys) else { return }
        if let field = keys["nats"] { nats = NATSSettings.decode(field, reader: reader) ?? nats }
        if let field = keys["transport"] { transport = reader.choice(field, as: TransportKind.self) ?? transport }
        if let field = keys["data_dir"] { dataDirectory = reader.nonEmptyString(field) ?? dataDirectory }
        if let field = keys["index_path"] { indexPath = reader.nonEmptyString(field) }
        if let field = keys["index_shards"], let shards = reader.integer(field) {
            if shards > SearchIndex.maximumShards {
                reader.report(field, "expected 1 to \(SearchIndex.maximumShards) shards, got \(shards)")
            } else {
                indexShards = shards
            }
        }
        if let field = keys["search_timeout"], let timeout = reader.duration(field) {
            if timeout > .zero { searchTimeout = timeout } else { reader.report(field, "expected a positive duration such as 2s") }
        }
        if let field = keys["streams"], let items = reader.sequence(field) {
            streams = items.compactMap { StreamSettings.decode($0, reader: reader) }
        }
        if let field = keys["elasticsearch"] {
            for entry in reader.entries(field, what: "cluster names to {url, auth, tls, …}") ?? [] {
                elasticsearch[entry.key] = ElasticsearchClusterSettings.decode(entry.field, reader: reader)
            }
        }
        if let field = keys["server"] { server = ServerSettings.decode(field, reader: reader) ?? server }
        if let field = keys["log"] { log = LogSettings.decode(field, reader: reader) ?? log }
        guard let field = reader.require("pipelines", in: keys, parent: root, what: "a list of pipelines") else { return }
        guard let items = reader.sequence(field) else { return }
        if items.isEmpty { reader.report(field, "expected at least one pipeline") }
        var names: [String: String] = [:]
        for item in items {
            guard let pipeline = PipelineConfig.decode(item, reader: reader) else { continue }
            // Stream names are upper-cased (SLUICE_<PIPELINE>), so names differing only in case would share a stream.
            if let earlier = names.updateValue(pipeline.name, forKey: pipeline.name.uppercased()) {
                reader.report(
                    item,
                    earlier == pipeline.name
                        ? "a pipeline named '\(pipeline.name)' is already defined; names must be unique"
                        : "pipeline '\(pipeline.name)' differs from '\(earlier)' only in case; both would use the stream SLUICE_\(pipeline.name.uppercased())"
                )
            }
            for cluster in pipeline.elasticsearchClusters where elasticsearch[cluster] == nil {
                let known = elasticsearch.keys.sorted().joined(separator: ", ")
                reader.report(item, "cluster '\(cluster)' is not defined under elasticsearch:" + (known.isEmpty ? "" : " (defined: \(known))"))
            }
            pipelines.append(pipeline)
        }
    }

    private static func syntaxIssue(_ error: YamlError, file: String) -> ConfigIssue {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) " } ?? ""
            return ConfigIssue(file: file, line: mark.line, column: mark.column, path: "", message: "invalid YAML: \(detail)\(problem)")
        default:
            return ConfigIssue(file: file, line: 0, column: 0, path: "", message: "invalid YAML: \(error)")
        }
    }
}
