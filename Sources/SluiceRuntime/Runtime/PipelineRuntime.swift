import Foundation
import JetStream
import Logging
import NATS
import NIOCore
import ServiceLifecycle
import SluiceCore
import SluiceSQLite

/// Runs the pipelines of a configuration: opens the transport (JetStream or the embedded SQLite queue) and the
/// search index, runs every pipeline until a graceful shutdown, then drains them, and answers the operations API.
///
/// ```swift
/// let runtime = try await PipelineRuntime.start(config: config, logger: logger)
/// let group = ServiceGroup(services: [runtime, server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()
/// ```
public final class PipelineRuntime: Service, SluiceOperations {
    /// The configuration it runs.
    public let config: SluiceConfig
    /// The transport in use.
    public let transport: any Transport
    /// The embedded search index.
    public let index: SearchIndex
    /// How long a drain may take before the stages are cancelled. Default 30 seconds.
    public let drainDeadline: Duration
    let pipelines: [Pipeline]
    let ingests: [String: HTTPIngest]
    let client: NATSClient?
    let clusters: ElasticsearchClusters
    let logger: Logger

    private init(
        config: SluiceConfig,
        transport: any Transport,
        index: SearchIndex,
        clusters: ElasticsearchClusters,
        pipelines: [Pipeline],
        ingests: [String: HTTPIngest],
        client: NATSClient?,
        drainDeadline: Duration,
        logger: Logger
    ) {
        self.config = config
        self.transport = transport
        self.index = index
        self.clusters = clusters
        self.pipelines = pipelines
        self.ingests = ingests
        self.client = client
        self.drainDeadline = drainDeadline
        self.logger = logger
    }

    /// Opens everything a configuration needs and prepares streams, consumers and indexes.
    ///
    /// - Parameters:
    ///   - config: The configuration.
    ///   - drainDeadline: How long a graceful shutdown may take.
    ///   - logger: Where the runtime logs.
    ///   - fileProgress: What follows a files source with `progress: true`, given the pipeline's name; `nil` for none.
    public static func start(
        config: SluiceConfig,
        drainDeadline: Duration = .seconds(30),
        logger: Logger,
        fileProgress: @escaping @Sendable (_ pipeline: String) -> (any FileProgress)? = { _ in nil }
    ) async throws -> PipelineRuntime {
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        let (transport, client) = try await openTransport(config, logger: logger)
        let index: SearchIndex
        let clusters: ElasticsearchClusters
        do {
            var indexConfiguration = SearchIndex.Configuration()
            indexConfiguration.shards = config.indexShards
            indexConfiguration.queryBudget = config.searchTimeout
            index = try await SearchIndex.open(path: config.resolvedIndexPath, configuration: indexConfiguration)
            do {
                clusters = try await ElasticsearchClusters.connect(config, logger: logger)
            } catch {
                try? await index.close()
                throw error
            }
        } catch {
            await transport.close()
            await client?.close()
            throw error
        }
        do {
            var pipelines: [Pipeline] = []
            var ingests: [String: HTTPIngest] = [:]
            for pipelineConfig in config.pipelines {
                var pipelineLogger = logger
                pipelineLogger[metadataKey: "pipeline"] = "\(pipelineConfig.name)"
                let sink = try makeSink(pipelineConfig, transport: transport, index: index, clusters: clusters, logger: pipelineLogger)
                try await sink.prepare()
                let source = try makeSource(
                    pipelineConfig,
                    config: config,
                    transport: transport,
                    clusters: clusters,
                    fileProgress: fileProgress,
                    logger: pipelineLogger
                )
                let pipeline = try Pipeline(config: pipelineConfig, transport: transport, source: source, sink: sink, logger: pipelineLogger)
                try await transport.prepare(pipeline.binding)
                if case .http(let settings) = pipelineConfig.source {
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
                index: index,
                clusters: clusters,
                pipelines: pipelines,
                ingests: ingests,
                client: client,
                drainDeadline: drainDeadline,
                logger: logger
            )
        } catch {
            await transport.close()
            await client?.close()
            try? await index.close()
            await clusters.shutdown()
            throw error
        }
    }

    /// The sink a pipeline writes to.
    static func makeSink(
        _ pipeline: PipelineConfig,
        transport: any Transport,
        index: SearchIndex,
        clusters: ElasticsearchClusters,
        logger: Logger
    ) throws -> any RecordSink {
        switch pipeline.sink {
        case .searchIndex(let settings):
            return SearchIndexSink(index: index, config: settings)
        case .publish(let settings):
            let template = try settings.subject.map { try SubjectTemplate($0, variables: SubjectTemplateCheck.variables) }
            return PublishSink(transport: transport, template: template, pipeline: pipeline.name)
        case .elasticsearch(let settings):
            return try ElasticsearchSink(client: clusters.client(settings.cluster), config: settings, logger: logger)
        }
    }

    /// The source that runs in this process, if the pipeline has one (HTTP ingest and stream sources have none).
    static func makeSource(
        _ pipeline: PipelineConfig,
        config: SluiceConfig,
        transport: any Transport,
        clusters: ElasticsearchClusters,
        fileProgress: @Sendable (_ pipeline: String) -> (any FileProgress)?,
        logger: Logger
    ) throws -> (any RecordSource)? {
        switch pipeline.source {
        case .files(let files):
            let checkpoint = try FileCheckpoint(path: "\(config.dataDirectory)/checkpoints/\(pipeline.name).json")
            let progress = files.progress ? fileProgress(pipeline.name) : nil
            return FileSource(config: files, checkpoint: checkpoint, progress: progress)
        case .http, .jetstream:
            return nil
        case .elasticsearch(let settings):
            let store: any WatchCheckpointStore
            switch settings.checkpoint {
            case .bucket(let bucket)?:
                guard let jetStream = transport as? JetStreamTransport else {
                    throw RuntimeStartError("pipeline \(pipeline.name): checkpoint.bucket needs transport: jetstream; use checkpoint.file")
                }
                store = KeyValueCheckpointStore(context: jetStream.context, bucket: bucket, key: pipeline.name)
            case .file(let path)?:
                store = FileCheckpointStore(path: path)
            case nil:
                if let jetStream = transport as? JetStreamTransport {
                    store = KeyValueCheckpointStore(context: jetStream.context, bucket: "sluice_checkpoints", key: pipeline.name)
                } else {
                    store = FileCheckpointStore(path: "\(config.dataDirectory)/checkpoints/\(pipeline.name).json")
                }
            }
            return ElasticsearchSource(
                config: settings,
                client: clusters.client(settings.cluster),
                store: store,
                producer: pipeline.record.producer,
                logger: logger
            )
        }
    }

    /// JetStream when configured (or when `auto` and NATS answers), else the SQLite queue.
    static func openTransport(_ config: SluiceConfig, logger: Logger) async throws -> (any Transport, NATSClient?) {
        if config.transport != .sqlite {
            do {
                let client = try await NATSClient.connect(config.nats.clientOptions(logger: logger))
                let transport = try await JetStreamTransport.make(client: client)
                for stream in config.streams {
                    var streamConfig = StreamConfig(name: stream.name, subjects: stream.subjects)
                    streamConfig.storage = stream.memoryStorage ? .memory : .file
                    streamConfig.replicas = stream.replicas
                    if let maxAge = stream.maxAge { streamConfig.maxAge = maxAge }
                    streamConfig.duplicateWindow = stream.duplicateWindow
                    _ = try await transport.context.createOrUpdateStream(streamConfig)
                }
                return (transport, client)
            } catch  where config.transport == .auto {
                logger.notice("NATS is not reachable; using the embedded SQLite queue", metadata: ["error": "\(error)"])
            }
        }
        let transport = try await SQLiteTransport.open(path: "\(config.dataDirectory)/queue.sqlite")
        return (transport, nil)
    }

    /// Runs the pipelines until a graceful shutdown, then drains them within ``drainDeadline``; a cancellation
    /// (a second signal) stops at once. Closes the transport and the index when done.
    public func run() async throws {
        defer { logger.info("sluice runtime stopped") }
        do {
            try await withGracefulShutdownHandler {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for pipeline in pipelines {
                        group.addTask { try await pipeline.run() }
                    }
                    group.addTask {
                        while !Task.isCancelled, !Task.isShuttingDownGracefully {
                            for pipeline in self.pipelines { await pipeline.refreshLag() }
                            try? await Task.sleep(for: .seconds(2))
                        }
                    }
                    group.addTask {
                        // The drain deadline: once a shutdown begins, the stages get this long.
                        try? await gracefulShutdown()
                        try? await Task.sleep(for: self.drainDeadline)
                        if !Task.isCancelled { throw CancellationError() }
                    }
                    // Pipelines and the lag poller end on a drain; the deadline task is cancelled then.
                    var remaining = pipelines.count + 1
                    while remaining > 0, let _ = try await group.next() { remaining -= 1 }
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

    /// Closes the transport, the NATS connection and the index, also when the runtime was cancelled (a second
    /// signal): the closing runs in a task of its own, which the cancellation does not reach.
    func shutdown() async {
        await Task { [transport, client, index, clusters] in
            await transport.close()
            if let client { try? await client.drain(timeout: .seconds(5)) }
            try? await index.close()
            await clusters.shutdown()
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
