/// The sources, sinks, configuration sections and search that a Sluice process knows. The runtime knows none by
/// itself: the program registers the connectors it is built with, and the configuration is read and run through them.
///
/// ```swift
/// var connectors = ConnectorRegistry()
/// connectors.register(SourceConnector.files)
/// connectors.register(MySinkConnector.sink)
/// let config = try SluiceConfig.load(file: "sluice.yaml", connectors: connectors)
/// ```
public struct ConnectorRegistry: Sendable {
    /// Source connectors, in the order they were registered (the order error messages list them in).
    public private(set) var sources: [SourceConnector] = []
    /// Sink connectors, in the order they were registered.
    public private(set) var sinks: [SinkConnector] = []
    /// Top-level configuration sections.
    public private(set) var sections: [ConfigSection] = []
    /// What answers `GET /search`, if any.
    public private(set) var search: SearchConnector?
    /// Transports, in the order `transport: auto` tries them.
    public private(set) var transports: [TransportConnector] = []

    /// A registry with nothing in it.
    public init() {}

    /// Adds a source connector. A second connector for the same `type:` is a programming error.
    public mutating func register(_ source: SourceConnector) {
        precondition(!sources.contains { $0.type == source.type }, "a source connector for type \(source.type) is already registered")
        sources.append(source)
    }

    /// Adds a sink connector. A second connector for the same `type:` is a programming error.
    public mutating func register(_ sink: SinkConnector) {
        precondition(!sinks.contains { $0.type == sink.type }, "a sink connector for type \(sink.type) is already registered")
        sinks.append(sink)
    }

    /// Adds a top-level section. A key owned twice, or one the runtime reads itself, is a programming error.
    public mutating func register(_ section: ConfigSection) {
        for key in section.keys {
            precondition(!SluiceConfig.runtimeKeys.contains(key), "the top-level key \(key) is the runtime's own")
            precondition(!sections.contains { $0.keys.contains(key) }, "the top-level key \(key) is already registered")
        }
        sections.append(section)
    }

    /// Adds a transport. A second one of the same name, or one named `auto`, is a programming error.
    public mutating func register(_ transport: TransportConnector) {
        precondition(transport.kind != .auto, "auto is not a transport's name")
        precondition(!transports.contains { $0.kind == transport.kind }, "a transport named \(transport.kind) is already registered")
        transports.append(transport)
    }

    /// Sets what answers `GET /search`. A second one is a programming error.
    public mutating func register(_ search: SearchConnector) {
        precondition(self.search == nil, "a search connector is already registered")
        self.search = search
    }

    /// The source connector for a `type:`.
    public func source(_ type: String) -> SourceConnector? { sources.first { $0.type == type } }

    /// The sink connector for a `type:`.
    public func sink(_ type: String) -> SinkConnector? { sinks.first { $0.type == type } }
}

extension ConnectorRegistry {
    /// What the pipeline's source and sink connectors find wrong with what their settings refer to.
    func problems(of pipeline: PipelineConfig, in config: SluiceConfig) -> [String] {
        let source = self.source(pipeline.source.type).map { $0.check(pipeline.source.settings, config) } ?? []
        let sink = self.sink(pipeline.sink.type).map { $0.check(pipeline.sink.settings, config) } ?? []
        return source + sink
    }
}
