/// The settings of one source, sink or top-level configuration section, as its connector decoded them from the
/// configuration file. Settings compare by value, so two configurations compare equal when they say the same.
public protocol ConnectorSettings: Sendable, Hashable {}

/// The settings of a source: the `type:` word that selects its connector.
public protocol SourceSettings: ConnectorSettings {
    /// The `type:` of the source block, such as `files`.
    static var sourceType: String { get }
}

/// The settings of a sink: the `type:` word that selects its connector.
public protocol SinkSettings: ConnectorSettings {
    /// The `type:` of the sink block, such as `search_index`.
    static var sinkType: String { get }
    /// The index `GET /search` finds this sink's records in, when it writes to one; `nil` by default.
    var searchIndex: String? { get }
}

extension SinkSettings {
    public var searchIndex: String? { nil }
}

/// Settings of any connector, compared by value.
struct AnyConnectorSettings: Sendable, Hashable {
    let value: any ConnectorSettings

    static func == (lhs: Self, rhs: Self) -> Bool { AnyHashable(lhs.value) == AnyHashable(rhs.value) }
    func hash(into hasher: inout Hasher) { hasher.combine(AnyHashable(value)) }
}
