import JetStream
import NATS
import SluiceRuntime

extension TransportKind {
    /// NATS JetStream: durable pull consumers, `Nats-Msg-Id` dedupe, a DLQ stream.
    public static let jetstream = TransportKind(rawValue: "jetstream")
}

extension TransportConnector {
    /// Connects to the configuration's NATS, creates its `streams:`, and carries records in JetStream.
    public static let jetstream = TransportConnector(.jetstream) { config, logger in
        let client = try await NATSClient.connect(config.nats.clientOptions(logger: logger))
        do {
            let transport = try await JetStreamTransport.make(client: client, ownsClient: true)
            for stream in config.streams {
                var streamConfig = StreamConfig(name: stream.name, subjects: stream.subjects)
                streamConfig.storage = stream.memoryStorage ? .memory : .file
                streamConfig.replicas = stream.replicas
                if let maxAge = stream.maxAge { streamConfig.maxAge = maxAge }
                streamConfig.duplicateWindow = stream.duplicateWindow
                _ = try await transport.context.createOrUpdateStream(streamConfig)
            }
            return transport
        } catch {
            await client.close()
            throw error
        }
    }
}

extension ConnectorRegistry {
    /// Registers the JetStream transport and its top-level `nats:` and `streams:`.
    public mutating func registerJetStreamTransport() {
        register(TransportConnector.jetstream)
        register(ConfigSection.jetStreamTransport)
    }
}
