import ArgumentParser
import EmbeddedNATS
import Foundation
import Logging
import NATS
import PostgresNIO
import SluiceBridge
import SluiceBridgePostgres
import SluiceBridgeSQLite
import Synchronization

/// `sluice bench outbox`: the outbox relay's throughput and the commit-to-handler latency, on a throwaway
/// PostgreSQL cluster (or SQLite file) and `nats-server` it starts.
struct OutboxBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Measure the outbox relay and the commit-to-handler latency on PostgreSQL or SQLite.",
        discussion: """
            Starts nats-server and a PostgreSQL cluster (initdb; or uses --postgres), or with --store sqlite a new SQLite \
            file, then: fills the outbox with \
            --events rows and times the relay emptying it (relay_events_per_sec); fills it again and times a relay and \
            a consumer with the inbox together until every event is handled (end_to_end_events_per_sec); and inserts \
            one row per transaction at --rate for --seconds, timing each from its commit to its handler (p50_ms, p99_ms).
            """
    )

    @Option(help: "Events for the throughput figures.")
    var events: Int = 100_000

    @Option(help: "Events per second offered for the latency figures.")
    var rate: Int = 1_000

    @Option(help: "How long to offer --rate, in seconds.")
    var seconds: Int = 10

    /// Where the outbox lives.
    enum Store: String, ExpressibleByArgument, CaseIterable {
        case postgres, sqlite
    }

    @Option(help: "The outbox's database: postgres or sqlite.")
    var store: Store = .postgres

    @Option(name: .customLong("postgres"), help: "Use this database instead of starting a cluster (its outbox tables are emptied).")
    var postgresURL: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard events > 0, rate > 0, seconds > 0 else { throw ValidationError("--events, --rate and --seconds must be positive") }
    }

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-outbox-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "sluice.bench")
        logger.logLevel = .error
        var natsConfiguration = NATSServerConfiguration(directory: directory + "/nats")
        natsConfiguration.logger = logger
        let nats = try await NATSServerProcess.start(natsConfiguration)
        var bridge = BridgeConfiguration(env: "bench", appName: "producer", destinationApp: "consumer")
        bridge.natsURLs = [nats.url]
        var consumerSide = BridgeConfiguration(env: "bench", appName: "consumer", destinationApp: "producer")
        consumerSide.natsURLs = [nats.url]
        let client = try await bridge.connect(logger: logger)
        var result = OutboxBenchResult(events: events, rate: rate)
        result.store = store.rawValue
        do {
            switch store {
            case .postgres:
                let cluster = postgresURL == nil ? try BenchPostgres.start(in: directory + "/postgres") : nil
                defer { cluster?.stop() }
                var pgConfiguration = try PostgresClient.Configuration(url: postgresURL ?? cluster?.url ?? "")
                pgConfiguration.options.maximumConnections = 24
                let postgres = PostgresClient(configuration: pgConfiguration, backgroundLogger: logger)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await postgres.run() }
                    defer { group.cancelAll() }
                    try await PostgresBridgeSchema.migrate(postgres, logger: logger)
                    let database = PostgresBenchDatabase(postgres: postgres, logger: logger)
                    try await measure(database, producer: bridge, consumer: consumerSide, client: client, logger: logger, into: &result)
                }
            case .sqlite:
                let database = try await SQLiteBridgeDatabase.open(path: directory + "/outbox.sqlite")
                do {
                    try await measure(
                        SQLiteBenchDatabase(database: database),
                        producer: bridge,
                        consumer: consumerSide,
                        client: client,
                        logger: logger,
                        into: &result
                    )
                } catch {
                    try? await database.close()
                    throw error
                }
                try await database.close()
            }
        } catch {
            await client.close()
            await nats.stop()
            throw error
        }
        await client.close()
        await nats.stop()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print(result.text)
        }
    }

    /// The three measurements on one store.
    private func measure<Database: OutboxBenchDatabase>(
        _ database: Database,
        producer: BridgeConfiguration,
        consumer: BridgeConfiguration,
        client: NATSClient,
        logger: Logger,
        into result: inout OutboxBenchResult
    ) async throws {
        let workload = OutboxBenchWorkload(producer: producer, consumer: consumer, database: database, client: client, logger: logger)
        try await producer.ensureStream(workload.js)
        result.relayEventsPerSecond = try await workload.relayThroughput(events: events)
        result.endToEndEventsPerSecond = try await workload.endToEndThroughput(events: events)
        let latencies = try await workload.latencies(rate: rate, seconds: seconds)
        result.latencyEvents = latencies.count
        result.p50Milliseconds = Self.percentile(latencies, 0.50)
        result.p99Milliseconds = Self.percentile(latencies, 0.99)
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }
}
