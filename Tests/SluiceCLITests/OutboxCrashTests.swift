import Foundation
import JetStream
import Logging
import NATS
import NATSTestSupport
import PostgresNIO
import SQLiteNIO
import SluiceBridge
import SluiceBridgePostgres
import SluiceBridgeSQLite
import Testing

/// `sluice outbox` processes killed with SIGKILL at random moments while events are written through the outbox, two
/// relays side by side part of the time, on each store: every event is handled exactly once, and the stream holds
/// each once.
@Suite struct OutboxCrashTests {
    @Test(arguments: CrashStoreKind.allCases)
    func relaysKilledAtRandomLoseNothingAndTheInboxHandlesEachEventOnce(_ kind: CrashStoreKind) async throws {
        try await TestNATSServer.withServer { natsServer in
            let directory = try TestDirectory.make(prefix: "outbox-crash")
            defer { TestDirectory.remove(directory) }
            try await kind.with(in: directory) { store in
                let migrate = try SluiceProcess(["migrate"] + store.migrateArguments, in: directory)
                #expect(try await migrate.waitForExit() == 0, "\(migrate.text)")
                try """
                bridge:
                  nats_urls: [\(natsServer.url)]
                  env: crash
                  app_name: billing
                  destination_app: crm
                outbox:
                \(store.outboxSettings.map { "  " + $0 }.joined(separator: "\n"))
                  batch_size: 200
                  listen: 127.0.0.1:0
                """.write(toFile: directory + "/outbox.yaml", atomically: true, encoding: .utf8)
                try await Self.run(store, in: directory, nats: natsServer.url)
            }
        }
    }

    static func run(_ store: any CrashStore, in directory: String, nats: String) async throws {
        var consumerConfiguration = BridgeConfiguration(env: "crash", appName: "crm", destinationApp: "billing")
        consumerConfiguration.natsURLs = [nats]
        var producerConfiguration = BridgeConfiguration(env: "crash", appName: "billing", destinationApp: "crm")
        producerConfiguration.natsURLs = [nats]
        let client = try await consumerConfiguration.connect()
        let handled = IDLog()
        let total = store.total
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                let consumer = store.consumer(configuration: consumerConfiguration, client: client, handled: handled)
                group.addTask { try await consumer.run() }
                defer { group.cancelAll() }

                let publisher = Publisher(configuration: producerConfiguration)
                let written = try await withThrowingTaskGroup(of: [String].self) { chaos in
                    chaos.addTask { try await store.write(total, publisher: publisher) }
                    chaos.addTask {
                        try await killRelaysAtRandom(in: directory, until: { handled.count >= total / 2 })
                        return []
                    }
                    var ids: [String] = []
                    for try await part in chaos { ids += part }
                    return ids
                }
                // One relay, left to finish.
                let last = try SluiceProcess(["outbox", "outbox.yaml"], in: directory)
                try await withTimeout(.seconds(180), "handling all \(total) events (handled \(handled.count))") {
                    await handled.wait(for: total)
                }
                last.send(SIGTERM)
                #expect(try await last.waitForExit() == 0, "\(last.text.suffix(600))")
                consumer.stop()

                #expect(written.count == total)
                #expect(handled.ids.count == total, "the handler ran \(handled.ids.count) times")
                #expect(Set(handled.ids) == Set(written))
                #expect(try await store.handledRows() == total)
                // The stream's duplicate window dropped every republished event.
                let stream = try await JetStreamContext(client: client).streamInfo("crash-stream-bridge")
                #expect(stream.state.messages == UInt64(total))
            }
        } catch {
            await client.close()
            throw error
        }
        await client.close()
    }

    /// Starts relays and kills them with SIGKILL after random times, sometimes two at once, until `done()`.
    static func killRelaysAtRandom(in directory: String, until done: @Sendable () -> Bool) async throws {
        var kills = 0
        while !done() || kills < 4 {
            let first = try SluiceProcess(["outbox", "outbox.yaml"], in: directory)
            let second = Bool.random() ? try SluiceProcess(["outbox", "outbox.yaml"], in: directory) : nil
            try await Task.sleep(for: .milliseconds(Int.random(in: 300...1500)))
            first.send(SIGKILL)
            second?.send(SIGKILL)
            _ = try await first.waitForExit()
            if let second { _ = try await second.waitForExit() }
            kills += 1
        }
    }
}

/// The stores the crash test runs on.
enum CrashStoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case postgres
    case sqlite

    var testDescription: String { rawValue }

    /// Starts the store (a PostgreSQL cluster, or the file `app.sqlite` in `directory`) with a `handled` table, runs
    /// `body`, and cleans up however it ends.
    func with(in directory: String, _ body: (any CrashStore) async throws -> Void) async throws {
        switch self {
        case .postgres:
            try await TestPostgresServer.withServer { server in
                var configuration = try PostgresClient.Configuration(url: server.url)
                configuration.options.maximumConnections = 10
                let postgres = PostgresClient(configuration: configuration, backgroundLogger: PostgresCrashStore.logger)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await postgres.run() }
                    defer { group.cancelAll() }
                    try await postgres.query("CREATE TABLE handled (event_id TEXT PRIMARY KEY)")
                    try await body(PostgresCrashStore(url: server.url, postgres: postgres))
                }
            }
        case .sqlite:
            // The bridge's tables are left to `sluice migrate`.
            let database = try await SQLiteBridgeDatabase.open(path: directory + "/app.sqlite", migrate: false)
            do {
                try await database.withTransaction { connection in
                    _ = try await connection.query("CREATE TABLE handled (event_id TEXT PRIMARY KEY)")
                }
                try await body(SQLiteCrashStore(database: database))
            } catch {
                try? await database.close()
                throw error
            }
            try await database.close()
        }
    }
}

/// What the crash test needs of a store.
protocol CrashStore: Sendable {
    /// How many events are written.
    var total: Int { get }
    /// `sluice migrate`'s arguments for the store, which create the bridge's tables.
    var migrateArguments: [String] { get }
    /// The store's lines in the `outbox:` section of `sluice outbox`'s file.
    var outboxSettings: [String] { get }
    /// A consumer with the store's inbox whose handler inserts the event id into `handled` and records it.
    func consumer(configuration: BridgeConfiguration, client: NATSClient, handled: IDLog) -> Consumer
    /// Writes `count` events through the outbox, 50 per transaction; returns their ids.
    func write(_ count: Int, publisher: Publisher) async throws -> [String]
    /// Rows in `handled`.
    func handledRows() async throws -> Int
}

/// The crash test on a throwaway PostgreSQL cluster: 10,000 events.
struct PostgresCrashStore: CrashStore {
    static let logger = Logger(label: "test")
    let url: String
    let postgres: PostgresClient

    var total: Int { 10_000 }
    var migrateArguments: [String] { ["--postgres", url] }
    var outboxSettings: [String] { ["postgres: \(url)", "poll_interval: 200ms"] }

    func consumer(configuration: BridgeConfiguration, client: NATSClient, handled: IDLog) -> Consumer {
        Consumer(configuration: configuration, client: client, durableName: "crm", batchSize: 200, inbox: PostgresInbox(client: postgres)) {
            message,
            connection in
            try await connection.query("INSERT INTO handled (event_id) VALUES (\(message.event.eventID))", logger: Self.logger)
            handled.record(message.event.eventID)
        }
    }

    func write(_ count: Int, publisher: Publisher) async throws -> [String] {
        var ids: [String] = []
        for batch in stride(from: 0, to: count, by: 50) {
            ids += try await postgres.withTransaction(logger: Self.logger) { connection in
                var part: [String] = []
                for index in batch..<min(batch + 50, count) {
                    let envelope = try await publisher.publish(
                        resourceType: "order",
                        resourceID: "\(index)",
                        eventType: "placed",
                        payload: ["n": .int(Int64(index))],
                        in: connection
                    )
                    part.append(envelope.eventID)
                }
                return part
            }
        }
        return ids
    }

    func handledRows() async throws -> Int {
        for try await count in try await postgres.query("SELECT count(*) FROM handled").decode(Int.self) { return count }
        return 0
    }
}

/// The crash test on an SQLite file: 3,000 events (SQLite writes one transaction at a time).
struct SQLiteCrashStore: CrashStore {
    let database: SQLiteBridgeDatabase

    var total: Int { 3_000 }
    var migrateArguments: [String] { ["--sqlite", "app.sqlite"] }
    var outboxSettings: [String] { ["sqlite: app.sqlite", "poll_interval: 50ms", "lease: 2s"] }

    func consumer(configuration: BridgeConfiguration, client: NATSClient, handled: IDLog) -> Consumer {
        Consumer(configuration: configuration, client: client, durableName: "crm", batchSize: 200, inbox: SQLiteInbox(database: database)) {
            message,
            connection in
            _ = try await connection.query("INSERT INTO handled (event_id) VALUES (?)", [.text(message.event.eventID)])
            handled.record(message.event.eventID)
        }
    }

    func write(_ count: Int, publisher: Publisher) async throws -> [String] {
        var ids: [String] = []
        for batch in stride(from: 0, to: count, by: 50) {
            ids += try await database.withTransaction { connection in
                var part: [String] = []
                for index in batch..<min(batch + 50, count) {
                    let envelope = try await publisher.publish(
                        resourceType: "order",
                        resourceID: "\(index)",
                        eventType: "placed",
                        payload: ["n": .int(Int64(index))],
                        in: connection
                    )
                    part.append(envelope.eventID)
                }
                return part
            }
        }
        return ids
    }

    func handledRows() async throws -> Int {
        try await database.withTransaction { connection in
            try await connection.query("SELECT count(*) AS n FROM handled").first?.column("n")?.integer ?? 0
        }
    }
}
