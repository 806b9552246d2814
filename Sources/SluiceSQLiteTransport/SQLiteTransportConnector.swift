import SluiceRuntime

extension TransportKind {
    /// The embedded SQLite queue in `<data_dir>/queue.sqlite`: the semantics of JetStream, no server.
    public static let sqlite = TransportKind(rawValue: "sqlite")
}

extension TransportConnector {
    /// The embedded queue in `<data_dir>/queue.sqlite`, synced as the top-level `queue:` says.
    public static let sqlite = TransportConnector(.sqlite) { config, _ in
        try await SQLiteTransport.open(
            path: "\(config.dataDirectory)/queue.sqlite",
            synchronous: config.section(SQLiteTransportSettings.self).synchronous
        )
    }
}

extension ConnectorRegistry {
    /// Registers the SQLite transport and the top-level `queue:` it reads.
    public mutating func registerSQLiteTransport() {
        register(TransportConnector.sqlite)
        register(ConfigSection.sqliteTransport)
    }
}
