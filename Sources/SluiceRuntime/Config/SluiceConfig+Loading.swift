import FoundationEssentials
import SluiceYAML

extension SluiceConfig {
    /// The top-level keys the runtime reads itself; connectors add theirs (``ConfigSection``).
    static let runtimeKeys = ["transport", "data_dir", "pipelines", "server", "log", "event_loop_threads"]

    /// Reads and validates a configuration file.
    ///
    /// - Parameters:
    ///   - file: The YAML file.
    ///   - environment: Variables for `${NAME}` and `${NAME:-default}`; default the process environment.
    ///   - connectors: The sources, sinks and sections the file may use.
    /// - Throws: ``ConfigError`` listing every problem with file, line, column and field path.
    public static func load(
        file: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        connectors: ConnectorRegistry
    ) throws(ConfigError)
        -> SluiceConfig
    {
        let text: String
        do {
            text = try TextFile.read(file)
        } catch {
            throw ConfigError(
                .unreadable,
                issues: [ConfigIssue(file: file, line: 0, column: 0, path: "", message: "cannot read the file: \(error)")]
            )
        }
        return try parse(text, file: file, environment: environment, connectors: connectors)
    }

    /// Parses and validates configuration text with the connectors of `connectors`; `file` names it in errors.
    public static func parse(
        _ text: String,
        file: String = "<config>",
        environment: [String: String] = [:],
        connectors: ConnectorRegistry
    ) throws(ConfigError)
        -> SluiceConfig
    {
        let root: YAMLNode?
        do {
            root = try YAMLNode.parse(text)
        } catch {
            throw ConfigError(.syntax, issues: [ConfigIssue(syntax: error, file: file)])
        }
        let reader = ConfigReader(file: file, environment: environment)
        var config = SluiceConfig()
        if let root {
            config.decode(ConfigField(node: root, path: ""), reader: reader, connectors: connectors)
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
    mutating func decode(_ root: ConfigField, reader: ConfigReader, connectors: ConnectorRegistry) {
        let sectionKeys = connectors.sections.flatMap(\.keys)
        guard let keys = reader.mapping(root, allowed: Self.runtimeKeys + sectionKeys) else { return }
        if let field = keys["transport"], let name = reader.string(field) {
            let names = connectors.transports.map(\.kind) + [.auto]
            if names.contains(TransportKind(rawValue: name)) {
                transport = TransportKind(rawValue: name)
            } else {
                reader.report(field, "expected one of \(names.map(\.rawValue).joined(separator: ", ")), got \"\(name)\"")
            }
        }
        if let field = keys["data_dir"] { dataDirectory = reader.nonEmptyString(field) ?? dataDirectory }
        for section in connectors.sections {
            setSection(section.decode(keys.filter { section.keys.contains($0.key) }, reader, self))
        }
        if let field = keys["server"] { server = ServerSettings.decode(field, reader: reader) ?? server }
        if let field = keys["log"] { log = LogSettings.decode(field, reader: reader) ?? log }
        if let field = keys["event_loop_threads"] { eventLoopThreads = reader.integer(field) ?? eventLoopThreads }
        guard let field = reader.require("pipelines", in: keys, parent: root, what: "a list of pipelines") else { return }
        guard let items = reader.sequence(field) else { return }
        if items.isEmpty { reader.report(field, "expected at least one pipeline") }
        var names: [String: String] = [:]
        for item in items {
            guard let pipeline = PipelineConfig.decode(item, reader: reader, connectors: connectors) else { continue }
            // Stream names are upper-cased (SLUICE_<PIPELINE>), so names differing only in case would share a stream.
            if let earlier = names.updateValue(pipeline.name, forKey: pipeline.name.uppercased()) {
                reader.report(
                    item,
                    earlier == pipeline.name
                        ? "a pipeline named '\(pipeline.name)' is already defined; names must be unique"
                        : "pipeline '\(pipeline.name)' differs from '\(earlier)' only in case; both would use the stream SLUICE_\(pipeline.name.uppercased())"
                )
            }
            for problem in connectors.problems(of: pipeline, in: self) { reader.report(item, problem) }
            pipelines.append(pipeline)
        }
    }
}
