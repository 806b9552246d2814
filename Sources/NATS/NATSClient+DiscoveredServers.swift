extension NATSClient {
    /// Whether the servers a cluster announces may join the reconnect pool.
    ///
    /// Announced servers come in the server's plaintext `INFO`, and a discovered server is sent the same credentials as
    /// the configured ones. So they join only when ``NATSClientOptions/ignoreDiscoveredServers`` is off and either the
    /// connections use TLS (a discovered server must then prove its name with a certificate) or there are no
    /// credentials to give away.
    static func mayAddDiscoveredServers(ignoring: Bool, usesTLS: Bool, hasCredentials: Bool) -> Bool {
        !ignoring && (usesTLS || !hasCredentials)
    }

    /// Whether connecting sends a secret: the options' credentials, or a user or password in a server URL.
    static func hasCredentials(auth: NATSAuth, urls: [NATSServerURL]) -> Bool {
        if case .none = auth { return urls.contains { $0.user != nil || $0.password != nil } }
        return true
    }
}
