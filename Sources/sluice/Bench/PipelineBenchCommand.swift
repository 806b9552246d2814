import ArgumentParser
import EmbeddedNATS
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import SluiceConnectors
import SluiceRuntime
import SluiceSQLite
import SluiceSearchIndexConnector

/// `sluice bench pipeline`: records per second from a file to the searchable index, end-to-end latency at a fixed
/// offered rate, peak memory and time to ready, on JetStream (a nats-server it starts) or the SQLite queue.
struct PipelineBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Measure a pipeline from file to searchable index: records/s, latency p50/p99, peak RSS.",
        discussion: """
            Writes --records NDJSON records to a file in a temporary directory and times one pipeline (files source, \
            transport, search index sink) until every record is indexed: records_per_sec. Then offers --rate records \
            per second for --seconds through HTTP ingest (in process) and reports the end-to-end latency from ingest \
            to the sink's commit: p50_ms and p99_ms. peak_rss_bytes is this process's peak resident memory; ready_ms \
            the time the runtime took to start. With --transport jetstream a nats-server is started in the temporary \
            directory (it must be installed: scripts/setup).
            """
    )

    enum BenchTransport: String, ExpressibleByArgument, CaseIterable {
        case jetstream, sqlite
    }

    @Option(help: "Records to ingest for the throughput figure.")
    var records: Int = 100_000

    @Option(help: "jetstream or sqlite.")
    var transport: BenchTransport = .jetstream

    @Option(help: "The offered rate, in records per second, for the latency figure.")
    var rate: Int = 10_000

    @Option(help: "How long to offer --rate, in seconds.")
    var seconds: Int = 5

    @Option(help: "Deliver workers per pipeline (the pipeline's concurrency).")
    var concurrency: Int = 2

    @Option(help: "Records per transport message (the pipeline's batch.max_records).")
    var batch: Int = 1000

    @Option(help: "Files the search index is spread over (the config's index_shards).")
    var shards: Int = 2

    @Option(help: "The search index engine, fts5 or segment (the config's index_engine).")
    var engine: SearchIndexEngine = .segment

    @Option(help: "How the SQLite queue syncs commits, full or normal (the config's queue.synchronous).")
    var queueSynchronous: SynchronousMode = .full

    @Option(help: "How the search index syncs writes, full or normal (the config's index_synchronous).")
    var indexSynchronous: SynchronousMode = .full

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard records > 0 else { throw ValidationError("--records must be at least 1") }
        guard rate > 0, seconds >= 0 else { throw ValidationError("--rate must be positive and --seconds not negative") }
        guard concurrency > 0, batch > 0 else { throw ValidationError("--concurrency and --batch must be positive") }
        guard (1...16).contains(shards) else { throw ValidationError("--shards must be between 1 and 16") }
    }

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: "\(directory)/in", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try BenchRecords.write(count: records, to: "\(directory)/in/records.ndjson")

        var logger = Logger(label: "sluice.bench")
        logger.logLevel = .error
        var server: NATSServerProcess?
        if transport == .jetstream {
            var configuration = NATSServerConfiguration(directory: "\(directory)/nats")
            configuration.logger = logger
            server = try await NATSServerProcess.start(configuration)
        }
        defer { if let server { Task { await server.stop() } } }

        let config = try SluiceConfig.parse(configText(directory: directory, natsURL: server?.url), file: "bench.yaml", connectors: .builtIn)
        let start = ContinuousClock.now
        let runtime = try await PipelineRuntime.start(config: config, connectors: .builtIn, drainDeadline: .seconds(30), logger: logger)
        let ready = ContinuousClock.now - start
        let group = ServiceGroup(services: [runtime], logger: logger)
        let running = Task { try await group.run() }

        let (throughputSeconds, publishSeconds) = try await waitForRecords(records, pipeline: "throughput", runtime: runtime, since: start + ready)
        let latency = try await offerLoad(runtime: runtime)
        let peak = ProcessMemory.peakResidentBytes

        await group.triggerGracefulShutdown()
        try await running.value
        await server?.stop()

        let result = PipelineBenchResult(
            records: records,
            transport: transport.rawValue,
            recordsPerSecond: Double(records) / throughputSeconds,
            seconds: throughputSeconds,
            sourceRecordsPerSecond: Double(records) / publishSeconds,
            offeredRate: rate,
            latencyRecords: latency?.records ?? 0,
            p50Milliseconds: latency?.p50Milliseconds ?? 0,
            p99Milliseconds: latency?.p99Milliseconds ?? 0,
            peakRSSBytes: peak,
            readyMilliseconds: ready.milliseconds
        )
        print(json ? result.json : result.text)
    }

    /// Waits until the pipeline delivered (or dead-lettered) `count` records; returns the seconds since `since`
    /// until then, and until its source had published them all to the transport.
    private func waitForRecords(
        _ count: Int,
        pipeline: String,
        runtime: PipelineRuntime,
        since: ContinuousClock.Instant
    ) async throws -> (delivered: Double, published: Double) {
        var published: Double?
        while true {
            if let status = await runtime.pipelineStatus(named: pipeline) {
                if published == nil, status.counters.recordsIn >= count { published = (ContinuousClock.now - since).seconds }
                let done = status.counters.recordsOut + status.counters.recordsDeadLettered
                if done >= count {
                    let delivered = (ContinuousClock.now - since).seconds
                    return (delivered, published ?? delivered)
                }
                if status.state == .failed { throw BenchFailure("pipeline \(pipeline) failed: \(status.lastError ?? "unknown error")") }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Offers `rate` records per second for `seconds` through the `latency` pipeline, in 10 ms ticks, then waits
    /// until they are all indexed and reads the pipeline's latency distribution.
    private func offerLoad(runtime: PipelineRuntime) async throws -> PipelineStatus.Latency? {
        guard seconds > 0 else { return nil }
        let tick = Duration.milliseconds(10)
        let ticks = seconds * 100
        var sent = 0
        var next = ContinuousClock.now
        for tickNumber in 0..<ticks {
            let due = rate * (tickNumber + 1) / 100
            let body = BenchRecords.body(from: sent, count: due - sent, prefix: "l")
            _ = try await runtime.ingest(pipeline: "latency", body: body)
            sent = due
            next += tick
            try await Task.sleep(until: next)
        }
        _ = try await waitForRecords(sent, pipeline: "latency", runtime: runtime, since: .now)
        return await runtime.pipelineStatus(named: "latency")?.latency
    }

    private func configText(directory: String, natsURL: String?) -> String {
        """
        transport: \(transport.rawValue)
        nats: {url: "\(natsURL ?? "nats://127.0.0.1:1")"}
        data_dir: \(directory)/state
        index_shards: \(shards)
        index_engine: \(engine.rawValue)
        index_synchronous: \(indexSynchronous.rawValue)
        queue: {synchronous: \(queueSynchronous.rawValue)}
        server: {enabled: false}
        pipelines:
          - name: throughput
            source: {type: files, paths: "\(directory)/in/*.ndjson", progress: false}
            record: {id_field: id, version_field: version, resource_type: records}
            sink: {type: search_index, index: throughput, fields: [title, body, tags]}
            batch: {max_records: \(batch), max_bytes: 1MiB, max_age: 20ms}
            concurrency: \(concurrency)
          - name: latency
            source: {type: http, max_pending: 1000000}
            record: {id_field: id, version_field: version, resource_type: records}
            sink: {type: search_index, index: latency, fields: [title, body, tags]}
            batch: {max_records: \(batch), max_bytes: 1MiB, max_age: 5ms}
            concurrency: \(concurrency)
        """
    }
}

/// Why a benchmark could not finish.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    /// The duration in milliseconds, as a `Double`.
    var milliseconds: Double { seconds * 1_000 }
}

extension SynchronousMode: ExpressibleByArgument {}

extension SearchIndexEngine: ExpressibleByArgument {}
