public import Logging

/// What a connector gets when the runtime starts: the configuration, the transport, the resources connectors share
/// (a search index, a cluster's client), and a logger.
public struct ConnectorContext: Sendable {
    /// The whole configuration.
    public let config: SluiceConfig
    /// The transport the runtime uses.
    public let transport: any Transport
    /// Opened once, shared by the connectors that ask for the same key, closed when the runtime stops.
    public let resources: SharedResources
    /// The runtime's logger.
    public let logger: Logger

    /// Creates a context.
    public init(config: SluiceConfig, transport: any Transport, resources: SharedResources, logger: Logger) {
        self.config = config
        self.transport = transport
        self.resources = resources
        self.logger = logger
    }
}

/// What a source or sink connector gets for one pipeline.
public struct PipelineContext: Sendable {
    /// The pipeline.
    public let pipeline: PipelineConfig
    /// The runtime's context.
    public let runtime: ConnectorContext
    private let makeFileProgress: @Sendable () -> (any FileProgress)?
    /// The runtime's logger, with the pipeline's name as metadata.
    public let logger: Logger

    /// Creates a context.
    ///
    /// - Parameter fileProgress: Makes what follows a source that reads files, asked only by such a source.
    public init(
        pipeline: PipelineConfig,
        runtime: ConnectorContext,
        fileProgress: @escaping @Sendable () -> (any FileProgress)?,
        logger: Logger
    ) {
        self.pipeline = pipeline
        self.runtime = runtime
        self.makeFileProgress = fileProgress
        self.logger = logger
    }

    /// What follows a source that reads files, when progress is shown; `nil` for none.
    public var fileProgress: (any FileProgress)? { makeFileProgress() }

    /// The configuration.
    public var config: SluiceConfig { runtime.config }
    /// The transport.
    public var transport: any Transport { runtime.transport }
}
