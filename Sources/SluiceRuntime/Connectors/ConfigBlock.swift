/// A connector's block of a configuration file while it is read (a `source:` or `sink:` mapping): its keys, already
/// checked against the connector's own, and the reader that reports problems with file, line and field.
public struct ConfigBlock {
    /// The block itself.
    public let field: ConfigField
    /// Its keys, `type` included.
    public let keys: [String: ConfigField]
    /// Reads values and reports problems.
    public let reader: ConfigReader

    /// Creates a block.
    public init(field: ConfigField, keys: [String: ConfigField], reader: ConfigReader) {
        self.field = field
        self.keys = keys
        self.reader = reader
    }

    /// A key the block must have; when it is missing, reports that, with what it should hold.
    public func require(_ key: String, what: String) -> ConfigField? {
        reader.require(key, in: keys, parent: field, what: what)
    }
}
