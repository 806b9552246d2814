import ArgumentParser
import EmbeddedNATS
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import SluiceConnectors
import SluiceCore
import SluiceElasticsearch
import SluiceRuntime

/// `sluice bench es-sync`: the Elasticsearch sync gateway on one machine. A nats-server and two osmem-servers (source and target) are
/// started; the same documents are bulk-loaded straight into the target (the sink's own limit), written by the
/// write role alone from a filled stream, and carried end to end by watch → gateway → write; then a fixed rate
/// of changes measures the latency.
struct ESSyncBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "es-sync",
        abstract: "Measure the Elasticsearch sync gateway: write role, raw bulk, end to end, latency, convergence.",
        discussion: """
            raw_bulk_docs_per_sec: the documents bulk-loaded directly into the target (batches of --batch, \
            --concurrency requests at a time). write_docs_per_sec: the write role alone, from a stream filled \
            beforehand. end_to_end_docs_per_sec: watch (snapshot) → gateway → write. p50_ms/p99_ms: at --rate \
            changes per second for --seconds, from the watch role reading a change to the write role's commit \
            (add up to the watch interval, 100 ms here, for the time from the source write). gateway_p50_ms/gateway_p99_ms: \
            the gateway's own hop, from JetStream storing a change to the gateway's republish being stored, with the \
            gateway alone between two streams at --rate; gateway_under_load_p99_ms the same hop during the latency \
            run, where the search servers compete for the cores. converged: every \
            target document compared equal to its source. Needs nats-server and osmem-server (scripts/setup).
            """
    )

    @Option(help: "Documents.")
    var docs: Int = 20_000

    @Option(help: "Documents per bulk request (the write role's batch.max_records).")
    var batch: Int = 1_000

    @Option(help: "Bulk requests at a time (the write role's concurrency).")
    var concurrency: Int = 2

    @Option(help: "Changes per second offered for the latency figure.")
    var rate: Int = 1_000

    @Option(help: "How long to offer --rate, in seconds (0 to skip).")
    var seconds: Int = 5

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard docs > 0, batch > 0, concurrency > 0, rate > 0, seconds >= 0 else {
            throw ValidationError("--docs, --batch, --concurrency and --rate must be positive, --seconds not negative")
        }
    }

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-es-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "sluice.bench")
        logger.logLevel = .error

        var natsConfiguration = NATSServerConfiguration(directory: "\(directory)/nats")
        natsConfiguration.logger = logger
        let nats = try await NATSServerProcess.start(natsConfiguration)
        let sourceServer = try await OSMemProcess.start()
        let targetServer = try await OSMemProcess.start()
        defer {
            sourceServer.stop()
            targetServer.stop()
        }
        let source = try await ElasticsearchClient.connect(ElasticsearchConfiguration(url: sourceServer.url), logger: logger)
        let target = try await ElasticsearchClient.connect(ElasticsearchConfiguration(url: targetServer.url), logger: logger)
        var result = ESSyncBenchResult(docs: docs)
        do {
            let workload = ESSyncWorkload(docs: docs, batch: batch)
            try await workload.load(into: source, index: "docs")
            result.rawBulkDocsPerSecond = try await workload.rawBulk(into: target, index: "raw", concurrency: concurrency)

            let settings = ESSyncBenchConfig(
                directory: directory,
                natsURL: nats.url,
                source: sourceServer.url,
                target: targetServer.url,
                batch: batch,
                concurrency: concurrency
            )
            result.writeDocsPerSecond = try await measureWriteRole(settings, workload: workload, logger: logger)
            result.endToEndDocsPerSecond = try await measureEndToEnd(settings, logger: logger)
            let latency = try await measureLatency(settings, workload: workload, source: source, logger: logger)
            result.p50Milliseconds = latency?.write?.p50Milliseconds ?? 0
            result.p99Milliseconds = latency?.write?.p99Milliseconds ?? 0
            result.latencyDocs = latency?.write?.records ?? 0
            result.gatewayUnderLoadP99Milliseconds = latency?.gateway?.p99Milliseconds ?? 0
            let hop = try await measureGatewayHop(settings, workload: workload, logger: logger)
            result.gatewayP50Milliseconds = hop?.p50Milliseconds ?? 0
            result.gatewayP99Milliseconds = hop?.p99Milliseconds ?? 0
            result.converged = try await ESSyncWorkload.compare(source: source, sourceIndex: "docs", target: target, targetIndex: "e2e-docs")
        } catch {
            try? await source.shutdown()
            try? await target.shutdown()
            await nats.stop()
            throw error
        }
        try await source.shutdown()
        try await target.shutdown()
        await nats.stop()
        print(json ? result.json : result.text)
    }

    /// The write role alone: a stream filled with one envelope per document, then timed until all are written.
    private func measureWriteRole(_ settings: ESSyncBenchConfig, workload: ESSyncWorkload, logger: Logger) async throws -> Double {
        let config = try SluiceConfig.parse(settings.writeOnly, file: "bench-write.yaml", connectors: .builtIn)
        let runtime = try await PipelineRuntime.start(config: config, connectors: .builtIn, logger: logger)
        for chunk in stride(from: 0, to: docs, by: 1000) {
            let messages = (chunk..<min(chunk + 1000, docs)).map { workload.change($0, subject: "wsync.bench.docs") }
            try await runtime.transport.publish(messages)
        }
        return try await Self.time(runtime, pipeline: "write-only", count: docs, logger: logger)
    }

    /// Watch (snapshot) → gateway → write, timed until the write role wrote every document.
    private func measureEndToEnd(_ settings: ESSyncBenchConfig, logger: Logger) async throws -> Double {
        let config = try SluiceConfig.parse(settings.endToEnd, file: "bench-e2e.yaml", connectors: .builtIn)
        let runtime = try await PipelineRuntime.start(config: config, connectors: .builtIn, logger: logger)
        return try await Self.time(runtime, pipeline: "write", count: docs, logger: logger)
    }

    /// A fresh runtime (resuming from the checkpoints) while `rate` changes per second are written to the source.
    private func measureLatency(
        _ settings: ESSyncBenchConfig,
        workload: ESSyncWorkload,
        source: ElasticsearchClient,
        logger: Logger
    ) async throws -> (write: PipelineStatus.Latency?, gateway: PipelineStatus.Latency?)? {
        guard seconds > 0 else { return nil }
        let config = try SluiceConfig.parse(settings.endToEnd, file: "bench-e2e.yaml", connectors: .builtIn)
        let runtime = try await PipelineRuntime.start(config: config, connectors: .builtIn, logger: logger)
        let group = ServiceGroup(services: [runtime], logger: logger)
        let running = Task { try await group.run() }
        let changes = try await workload.offerChanges(to: source, index: "docs", rate: rate, seconds: seconds)
        try await Self.wait(runtime, pipeline: "write", count: changes)
        let write = await runtime.pipelineStatus(named: "write")?.latency
        let gateway = await runtime.pipelineStatus(named: "gateway")?.hopLatency
        await group.triggerGracefulShutdown()
        try await running.value
        return (write, gateway)
    }

    /// The gateway alone, between two streams, while `rate` changes per second are published into its input: its own hop
    /// (JetStream storing a change → its republish stored), without the search servers competing for the cores.
    private func measureGatewayHop(
        _ settings: ESSyncBenchConfig,
        workload: ESSyncWorkload,
        logger: Logger
    ) async throws -> PipelineStatus.Latency? {
        guard seconds > 0 else { return nil }
        let config = try SluiceConfig.parse(settings.gatewayOnly, file: "bench-gateway.yaml", connectors: .builtIn)
        let runtime = try await PipelineRuntime.start(config: config, connectors: .builtIn, logger: logger)
        let group = ServiceGroup(services: [runtime], logger: logger)
        let running = Task { try await group.run() }
        let tick = Duration.milliseconds(10)
        let perTick = max(1, rate / 100)
        var next = ContinuousClock.now
        var sent = 0
        while sent < rate * seconds {
            let messages = (sent..<sent + perTick).map { workload.change($0, subject: "gwin.bench.docs") }
            try await runtime.transport.publish(messages)
            sent += perTick
            next += tick
            try await Task.sleep(until: next)
        }
        try await Self.wait(runtime, pipeline: "gateway-only", count: sent)
        let hop = await runtime.pipelineStatus(named: "gateway-only")?.hopLatency
        await group.triggerGracefulShutdown()
        try await running.value
        return hop
    }

    /// Runs `runtime` until `pipeline` delivered `count` records; returns records per second.
    private static func time(_ runtime: PipelineRuntime, pipeline: String, count: Int, logger: Logger) async throws -> Double {
        let group = ServiceGroup(services: [runtime], logger: logger)
        let start = ContinuousClock.now
        let running = Task { try await group.run() }
        try await wait(runtime, pipeline: pipeline, count: count)
        let elapsed = ContinuousClock.now - start
        await group.triggerGracefulShutdown()
        try await running.value
        return Double(count) / elapsed.seconds
    }

    private static func wait(_ runtime: PipelineRuntime, pipeline: String, count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(600)
        while ContinuousClock.now < deadline {
            if let status = await runtime.pipelineStatus(named: pipeline) {
                if status.counters.recordsOut + status.counters.recordsDeadLettered >= count { return }
                if status.state == .failed { throw BenchFailure("pipeline \(pipeline) failed: \(status.lastError ?? "")") }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw BenchFailure("pipeline \(pipeline) did not deliver \(count) records in 10 minutes")
    }
}
