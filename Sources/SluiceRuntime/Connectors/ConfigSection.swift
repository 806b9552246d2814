/// Settings a connector keeps at the top of the configuration file (the clusters it connects to, where its index
/// lives), with the value they have when the file does not mention them.
public protocol ConfigSectionSettings: ConnectorSettings {
    /// The settings of a file that does not mention the section.
    init()
}

/// Top-level keys of the configuration file that a connector reads, contributed through a ``ConnectorRegistry``.
public struct ConfigSection: Sendable {
    /// The top-level keys it owns, such as `elasticsearch`.
    public let keys: [String]
    let decode: @Sendable ([String: ConfigField], ConfigReader, SluiceConfig) -> any ConfigSectionSettings

    /// Describes a section.
    ///
    /// - Parameters:
    ///   - settings: The type the section decodes into; ``SluiceConfig/section(_:)`` returns it.
    ///   - keys: The top-level keys it owns.
    ///   - decode: Reads the keys present in the file (only those of `keys`), given the rest of the configuration read
    ///     so far (its `data_dir`); reports problems through the reader and returns the settings, defaults for
    ///     anything absent or invalid.
    public init<Settings: ConfigSectionSettings>(
        _ settings: Settings.Type,
        keys: [String],
        decode: @escaping @Sendable (_ keys: [String: ConfigField], _ reader: ConfigReader, _ config: SluiceConfig) -> Settings
    ) {
        self.keys = keys
        self.decode = { decode($0, $1, $2) }
    }
}
