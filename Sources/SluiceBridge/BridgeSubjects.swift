/// The subjects of the bridge's conventions.
///
/// | direction | subject |
/// |---|---|
/// | publish | `{env}.data.sync.{app}.{dest}.{resource}.{event}` |
/// | subscribe | `{env}.data.sync.{dest}.{app}.>` |
/// | DLQ | `{env}.data.sync.dlq` |
///
/// Two applications that name each other as `destination_app` see each other's events: what `billing` publishes
/// for `crm` is what `crm` (with `destination_app: billing`) subscribes to.
public struct BridgeSubjects: Sendable, Hashable {
    /// The configuration the subjects come from.
    public let configuration: BridgeConfiguration

    /// The subjects of a configuration.
    public init(_ configuration: BridgeConfiguration) {
        self.configuration = configuration
    }

    /// `{env}.data.sync.{app}.{dest}.{resource}.{event}`.
    /// - Throws: ``BridgeError/Code/invalidSubject`` when the resource or event type is not one subject token.
    public func publish(resourceType: String, eventType: String) throws(BridgeError) -> String {
        guard BridgeConfiguration.isToken(resourceType) else {
            throw BridgeError(.invalidSubject, "resource_type must be one subject token, got '\(resourceType)'")
        }
        guard BridgeConfiguration.isToken(eventType) else {
            throw BridgeError(.invalidSubject, "event_type must be one subject token, got '\(eventType)'")
        }
        let c = configuration
        return "\(c.env).data.sync.\(c.appName).\(c.destinationApp).\(resourceType).\(eventType)"
    }

    /// `{env}.data.sync.{dest}.{app}.>`: what this application consumes.
    public var subscribe: String {
        "\(configuration.env).data.sync.\(configuration.destinationApp).\(configuration.appName).>"
    }

    /// `{env}.data.sync.dlq`, unless configured otherwise.
    public var deadLetter: String { configuration.dlqSubject }

    /// `{env}.data.sync.>`: what the stream stores, every application's events and the DLQ.
    public var stream: String { "\(configuration.env).data.sync.>" }
}
