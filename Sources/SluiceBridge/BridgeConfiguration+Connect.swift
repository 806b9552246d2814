import Logging
import NATS

extension BridgeConfiguration {
    /// Client options for ``natsURLs``: named after the application, reconnecting without limit (a bridge process
    /// outlives NATS restarts).
    public func clientOptions(logger: Logger = Logger(label: "sluice.bridge")) -> NATSClientOptions {
        var options = NATSClientOptions(servers: natsURLs, logger: logger)
        options.name = appName
        options.reconnect.maxAttempts = -1
        options.reconnect.wait = .milliseconds(250)
        return options
    }

    /// Connects to ``natsURLs``.
    public func connect(logger: Logger = Logger(label: "sluice.bridge")) async throws -> NATSClient {
        try await NATSClient.connect(clientOptions(logger: logger))
    }
}
