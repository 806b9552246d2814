/// Where a pipeline's records go: the `type:` of its `sink:` block and the settings the connector of that type
/// decoded.
public struct SinkConfig: Sendable, Hashable {
    /// The connector's type name, such as `search_index`; also what the operations API shows as the pipeline's sink.
    public let type: String
    private let storage: AnyConnectorSettings

    /// A sink of the connector registered under `type`.
    public init(type: String, settings: any ConnectorSettings) {
        self.type = type
        self.storage = AnyConnectorSettings(value: settings)
    }

    /// A sink whose settings name their own type.
    public init<Settings: SinkSettings>(_ settings: Settings) {
        self.init(type: Settings.sinkType, settings: settings)
    }

    /// The settings as the connector decoded them.
    public var settings: any ConnectorSettings { storage.value }

    /// The settings, when they are of this type.
    public func settings<Settings: ConnectorSettings>(as _: Settings.Type) -> Settings? { storage.value as? Settings }

    /// The kind, as the operations API shows it: the type name.
    public var kind: String { type }

    /// The index `GET /search` finds this sink's records in, if any.
    public var searchIndex: String? { (storage.value as? any SinkSettings)?.searchIndex }
}
