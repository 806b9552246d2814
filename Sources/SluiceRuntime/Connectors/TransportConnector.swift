public import Logging

/// A kind of transport, as a connector contributes it to a ``ConnectorRegistry``: the name `transport:` selects it
/// by, and how it opens.
public struct TransportConnector: Sendable {
    /// The name, such as `jetstream`.
    public let kind: TransportKind
    let open: @Sendable (SluiceConfig, Logger) async throws -> any Transport

    /// Describes a transport connector.
    ///
    /// - Parameters:
    ///   - kind: The name `transport:` selects it by.
    ///   - open: Opens the transport for a configuration (connects, creates files); with `transport: auto`, a failure
    ///     here moves on to the next registered transport.
    public init(_ kind: TransportKind, open: @escaping @Sendable (SluiceConfig, Logger) async throws -> any Transport) {
        self.kind = kind
        self.open = open
    }
}

extension ConnectorRegistry {
    /// Opens the configuration's transport: the one it names, or with `auto` the first registered one that opens.
    func openTransport(_ config: SluiceConfig, logger: Logger) async throws -> any Transport {
        if config.transport != .auto {
            guard let connector = transports.first(where: { $0.kind == config.transport }) else {
                throw RuntimeStartError("no transport named \(config.transport) is registered")
            }
            return try await connector.open(config, logger)
        }
        for (position, connector) in transports.enumerated() {
            do {
                return try await connector.open(config, logger)
            } catch  where position < transports.count - 1 {
                let next = transports[position + 1].kind
                logger.notice("the \(connector.kind) transport cannot open; using \(next)", metadata: ["error": "\(error)"])
            }
        }
        throw RuntimeStartError("no transport is registered")
    }
}
