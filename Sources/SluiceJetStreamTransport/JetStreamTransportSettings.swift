import SluiceRuntime

/// How the JetStream transport reaches NATS and which streams it creates at start: the top-level keys `nats` and
/// `streams`.
public struct JetStreamTransportSettings: ConfigSectionSettings {
    /// How to reach NATS. Default: `nats://127.0.0.1:4222`, no auth, no TLS.
    public var nats = NATSSettings()
    /// JetStream streams to create or update at start (the pipelines' own streams are created anyway).
    public var streams: [StreamSettings] = []

    /// The defaults.
    public init() {}
}

extension SluiceConfig {
    /// How to reach NATS (the top-level `nats:`).
    public var nats: NATSSettings {
        get { section(JetStreamTransportSettings.self).nats }
        set {
            var settings = section(JetStreamTransportSettings.self)
            settings.nats = newValue
            setSection(settings)
        }
    }

    /// Streams to create at start (the top-level `streams:`).
    public var streams: [StreamSettings] {
        get { section(JetStreamTransportSettings.self).streams }
        set {
            var settings = section(JetStreamTransportSettings.self)
            settings.streams = newValue
            setSection(settings)
        }
    }
}

extension ConfigSection {
    /// The top-level `nats:` and `streams:`.
    public static let jetStreamTransport = ConfigSection(JetStreamTransportSettings.self, keys: ["nats", "streams"]) { keys, reader, _ in
        var settings = JetStreamTransportSettings()
        if let field = keys["nats"] { settings.nats = NATSSettings.decode(field, reader: reader) ?? settings.nats }
        if let field = keys["streams"], let items = reader.sequence(field) {
            settings.streams = items.compactMap { StreamSettings.decode($0, reader: reader) }
        }
        return settings
    }
}
