/// Something that happened to the client's connection.
public enum NATSEvent: Sendable, Equatable {
    /// Connected to a server for the first time.
    case connected(server: String)
    /// The connection was lost; the client reconnects unless it is closed.
    case disconnected(reason: String)
    /// Connected again; subscriptions are restored and buffered publishes sent.
    case reconnected(server: String)
    /// The server announced lame duck mode: it will shut down soon.
    case lameDuckMode(server: String)
    /// A subscription dropped messages because its consumer was too slow.
    case slowConsumer(subject: String, dropped: Int)
    /// The server reported an error (`-ERR`).
    case serverError(String)
    /// The client is closed for good.
    case closed
}
