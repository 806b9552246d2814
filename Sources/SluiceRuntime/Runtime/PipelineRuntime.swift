import FoundationEssentials
import Logging
import NIOCore
import ServiceLifecycle
import SluiceCore

/// Runs the pipelines of a configuration: opens the transport (JetStream or the embedded SQLite queue) and what the
/// connectors need, runs every pipeline until a graceful shutdown, then drains them, and answers the operations API.
///
/// ```swift
/// let runtime = try await PipelineRuntime.start(config: config, connectors: connectors, logger: logger)
/// let group = ServiceGroup(services: [runtime, server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()
/// ```
public final class PipelineRuntime: Service, SluiceOperations {
    /// The configuration it runs.
    public let config: SluiceConfig
    /// The transport in use.
    public let transport: any Transport
    /// What answers searches, when a search connector is registered.
    public let searchProvider: (any SearchProvider)?
    /// How long a drain may take before the stages are cancelled. Default 30 seconds.
    public let drainDeadline: Duration
    let pipelines: [Pipeline]
    let ingests: [String: HTTPIngest]
    let resources: SharedResources
    let logger: Logger

    private init(
        config: SluiceConfig,
        transport: any Transport,
        searchProvider: (any SearchProvider)?,
        resources: SharedResources,
        pipelines: [Pipeline],
        ingests: [String: HTTPIngest],
        drainDeadline: Duration,
        logger: Logger
    ) {
        self.config = config
        self.transport = transport
        self.searchProvider = searchProvider
        self.resources = resources
        self.pipelines = pipelines
        self.ingests = ingests
        self.drainDeadline = drainDeadline
        self.logger = logger
    }

    /// Opens everything a configuration needs and prepares streams, consumers, indexes and connections.
    ///
    /// - Parameters:
    ///   - config: The configuration.
    ///   - connectors: The connectors that make the pipelines' sources and sinks (those the configuration was read with).
    ///   - drainDeadline: How long a graceful shutdown may take.
    ///   - logger: Where the runtime logs.
    ///   - fileProgress: What follows a files source with `progress: true`, given the pipeline's name; `nil` for none.
    public static func start(
        config: SluiceConfig,
        connectors: ConnectorRegistry,
        drainDeadline: Duration = .seconds(30),
        logger: Logger,
        fileProgress: @escaping @Sendable (_ pipeline: String) -> (any FileProgress)? = { _ in nil }
    ) async throws -> PipelineRuntime {
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        let transport = try await connectors.openTransport(config, logger: logger)
        let resources = SharedResources()
        let context = ConnectorContext(config: config, transport: transport, resources: resources, logger: logger)
        do {
            let searchProvider = try await connectors.search?.open(context)
            var pipelines: [Pipeline] = []
            var ingests: [String: HTTPIngest] = [:]
            for pipelineConfig in config.pipelines {
                var pipelineLogger = logger
                pipelineLogger[metadataKey: "pipeline"] = "\(pipelineConfig.name)"
                let pipelineContext = PipelineContext(
                    pipeline: pipelineConfig,
                    runtime: context,
                    fileProgress: { [name = pipelineConfig.name] in fileProgress(name) },
                    logger: pipelineLogger
                )
                guard let sinkConnector = connectors.sink(pipelineConfig.sink.type) else {
                    throw RuntimeStartError("pipeline \(pipelineConfig.name): no connector for sink type \(pipelineConfig.sink.type)")
                }
                guard let sourceConnector = connectors.source(pipelineConfig.source.type) else {
                    throw RuntimeStartError("pipeline \(pipelineConfig.name): no connector for source type \(pipelineConfig.source.type)")
                }
                let sink = try await sinkConnector.make(pipelineConfig.sink.settings, pipelineContext)
                try await sink.prepare()
                let source = try await sourceConnector.make(pipelineConfig.source.settings, pipelineContext)
                let pipeline = try Pipeline(config: pipelineConfig, transport: transport, source: source, sink: sink, logger: pipelineLogger)
                try await transport.prepare(pipeline.binding)
                if let settings = pipelineConfig.source.settings(as: HTTPSourceConfig.self) {
                    ingests[pipelineConfig.name] = HTTPIngest(
                        config: pipelineConfig,
                        settings: settings,
                        transport: transport,
                        binding: pipeline.binding,
                        counters: pipeline.counters
                    )
                }
                pipelines.append(pipeline)
            }
            return PipelineRuntime(
                config: config,
                transport: transport,
                searchProvider: searchProvider,
                resources: resources,
                pipelines: pipelines,
                ingests: ingests,
                drainDeadline: drainDeadline,
                logger: logger
            )
        } catch {
            await transport.close()
            await resources.closeAll()
            throw error
        }
    }

    /// Runs the pipelines until a graceful shutdown, then drains them within ``drainDeadline``; a cancellation
    /// (a second signal) stops at once. Closes the transport and the index when done.
    public func run() async throws {
        defer { logger.info("sluice runtime stopped") }
        do {
            try await withGracefulShutdownHandler {
                try await withThrowingTaskGroup(of: Bool.self) { group in
                    for pipeline in pipelines {
                        group.addTask {
                            try await pipeline.run()
                            return true
                        }
                    }
                    group.addTask {
                        while !Task.isCancelled, !Task.isShuttingDownGracefully {
                            for pipeline in self.pipelines { await pipeline.refreshLag() }
                            try? await Task.sleep(for: .seconds(2))
                        }
                        return false
                    }
                    group.addTask {
                        // The drain deadline: once a shutdown begins, the stages get this long.
                        try? await gracefulShutdown()
                        try? await Task.sleep(for: self.drainDeadline)
                        if !Task.isCancelled { throw CancellationError() }
                        return false
                    }
                    // The runtime is done when every pipeline has drained (after a graceful shutdown or
                    // ``stopPipelines()``); the lag poller and the deadline are cancelled then.
                    var running = pipelines.count
                    while running > 0, let pipelineEnded = try await group.next() {
                        if pipelineEnded { running -= 1 }
                    }
                    group.cancelAll()
                }
            } onGracefulShutdown: {
                for pipeline in self.pipelines { pipeline.stop() }
            }
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
    }

    /// Closes the transport (and its connection) and the connectors' resources, also when the runtime was cancelled
    /// (a second signal): the closing runs in a task of its own, which the cancellation does not reach.
    func shutdown() async {
        await Task { [transport, resources] in
            await transport.close()
            await resources.closeAll()
        }.value
    }

    /// Starts a drain of every pipeline, as a graceful shutdown does (for tests and embedding).
    public func stopPipelines() {
        for pipeline in pipelines { pipeline.stop() }
    }

    /// Messages of a pipeline the transport holds unsettled (not yet delivered, or delivered and not acknowledged).
    ///
    /// - Throws: ``OperationsError`` when there is no such pipeline or the transport cannot answer.
    public func pending(pipeline name: String) async throws(OperationsError) -> Int {
        let pipeline = try self.pipeline(name)
        do {
            return try await transport.pending(pipeline.binding)
        } catch {
            throw OperationsError(.unavailable, "the transport cannot say what is pending: \(error.message)")
        }
    }

    /// Whether every files source has read all its files.
    public var sourcesFinished: Bool { pipelines.allSatisfy { $0.source == nil || $0.sourceFinished } }
}
