import SluiceRuntime

extension TransportKind {
    /// The embedded SQLite queue in `<data_dir>/queue.sqlite`: the semantics of JetStream, no server.
    public static let sqlite = TransportKind(rawValue: "sqlite")
}

extension TransportConnector {
    /// The embedded queue in `<data_dir>/queue.sqlite`.
    public static let sqlite = TransportConnector(.sqlite) { config, _ in
        try await SQLiteTransport.open(path: "\(config.dataDirectory)/queue.sqlite")
    }
}
