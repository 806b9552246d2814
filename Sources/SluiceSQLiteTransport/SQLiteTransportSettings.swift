import SluiceRuntime
import SluiceSQLite

/// How the embedded queue stores messages: the top-level key `queue`.
public struct SQLiteTransportSettings: ConfigSectionSettings {
    /// How hard each commit (an acknowledged publish, an ack) is synced to the disk. Default
    /// ``SluiceSQLite/SynchronousMode/full``: what was acknowledged survives a power loss; `normal` is faster and
    /// survives a process crash only.
    public var synchronous: SynchronousMode = .full

    /// The defaults.
    public init() {}
}

extension ConfigSection {
    /// The top-level `queue:` (`{synchronous: full|normal}`).
    public static let sqliteTransport = ConfigSection(SQLiteTransportSettings.self, keys: ["queue"]) { keys, reader, _ in
        var settings = SQLiteTransportSettings()
        if let field = keys["queue"], let queue = reader.mapping(field, allowed: ["synchronous"]), let synchronous = queue["synchronous"] {
            settings.synchronous = reader.choice(synchronous, as: SynchronousMode.self) ?? settings.synchronous
        }
        return settings
    }
}
