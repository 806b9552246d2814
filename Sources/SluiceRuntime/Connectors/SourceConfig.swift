/// Where a pipeline's records come from: the `type:` of its `source:` block and the settings the connector of that
/// type decoded.
public struct SourceConfig: Sendable, Hashable {
    /// The connector's type name, such as `files`; also what the operations API shows as the pipeline's source.
    public let type: String
    private let storage: AnyConnectorSettings

    /// A source of the connector registered under `type`.
    public init(type: String, settings: any ConnectorSettings) {
        self.type = type
        self.storage = AnyConnectorSettings(value: settings)
    }

    /// A source whose settings name their own type.
    public init<Settings: SourceSettings>(_ settings: Settings) {
        self.init(type: Settings.sourceType, settings: settings)
    }

    /// The settings as the connector decoded them.
    public var settings: any ConnectorSettings { storage.value }

    /// The settings, when they are of this type.
    public func settings<Settings: ConnectorSettings>(as _: Settings.Type) -> Settings? { storage.value as? Settings }

    /// The kind, as the operations API shows it: the type name.
    public var kind: String { type }
}
