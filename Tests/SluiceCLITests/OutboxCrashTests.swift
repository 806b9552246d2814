import Foundation
import JetStream
import Logging
import NATS
import NATSTestSupport
import PostgresNIO
import SluiceBridge
import SluiceBridgePostgres
import Synchronization
import Testing

/// `sluice outbox` processes killed with SIGKILL at random moments while 10,000 events are written through the outbox,
/// two relays side by side part of the time: every event is handled exactly once.
@Suite struct OutboxCrashTests {
    static let logger = Logger(label: "test")
    static let total = 10_000

    @Test func relaysKilledAtRandomLoseNothingAndTheInboxHandlesEachEventOnce() async throws {
        try await TestPostgresServer.withServer { postgresServer in
            try await TestNATSServer.withServer { natsServer in
                let directory = try TestDirectory.make(prefix: "outbox-crash")
                defer { TestDirectory.remove(directory) }
                let migrate = try SluiceProcess(["migrate", "--postgres", postgresServer.url], in: directory)
                #expect(try await migrate.waitForExit() == 0, "\(migrate.text)")
                try Self.writeConfig(to: directory + "/outbox.yaml", postgres: postgresServer.url, nats: natsServer.url)

                var consumerConfiguration = BridgeConfiguration(env: "crash", appName: "crm", destinationApp: "billing")
                consumerConfiguration.natsURLs = [natsServer.url]
                var producerConfiguration = BridgeConfiguration(env: "crash", appName: "billing", destinationApp: "crm")
                producerConfiguration.natsURLs = [natsServer.url]

                var pgConfiguration = try PostgresClient.Configuration(url: postgresServer.url)
                pgConfiguration.options.maximumConnections = 10
                let postgres = PostgresClient(configuration: pgConfiguration, backgroundLogger: Self.logger)
                let client = try await consumerConfiguration.connect()
                let handled = IDLog()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await postgres.run() }
                    defer { group.cancelAll() }
                    try await postgres.query("CREATE TABLE handled (event_id TEXT PRIMARY KEY)")
                    let consumer = Consumer(
                        configuration: consumerConfiguration,
                        client: client,
                        durableName: "crm",
                        batchSize: 200,
                        inbox: PostgresInbox(client: postgres)
                    ) { message, connection in
                        try await connection.query("INSERT INTO handled (event_id) VALUES (\(message.event.eventID))", logger: Self.logger)
                        handled.record(message.event.eventID)
                    }
                    group.addTask { try await consumer.run() }

                    let publisher = Publisher(configuration: producerConfiguration)
                    let written = try await withThrowingTaskGroup(of: [String].self) { chaos in
                        chaos.addTask { try await Self.write(Self.total, publisher: publisher, postgres: postgres) }
                        chaos.addTask {
                            try await Self.killRelaysAtRandom(in: directory, until: { handled.count >= Self.total / 2 })
                            return []
                        }
                        var ids: [String] = []
                        for try await part in chaos { ids += part }
                        return ids
                    }
                    // One relay, left to finish.
                    let last = try SluiceProcess(["outbox", "outbox.yaml"], in: directory)
                    try await withTimeout(.seconds(180), "handling all \(Self.total) events (handled \(handled.count))") {
                        await handled.wait(for: Self.total)
                    }
                    last.send(SIGTERM)
                    _ = try await last.waitForExit()
                    consumer.stop()

                    #expect(written.count == Self.total)
                    #expect(handled.ids.count == Self.total, "the handler ran \(handled.ids.count) times")
                    #expect(Set(handled.ids) == Set(written))
                    let rows = try await postgres.query("SELECT count(*) FROM handled")
                    for try await count in rows.decode(Int.self) { #expect(count == Self.total) }
                    // The stream's duplicate window dropped every republished event.
                    let stream = try await JetStreamContext(client: client).streamInfo("crash-stream-bridge")
                    #expect(stream.state.messages == UInt64(Self.total))
                }
                await client.close()
            }
        }
    }

    static func writeConfig(to path: String, postgres: String, nats: String) throws {
        let yaml = """
            bridge:
              nats_urls: [\(nats)]
              env: crash
              app_name: billing
              destination_app: crm
            outbox:
              postgres: \(postgres)
              batch_size: 200
              poll_interval: 200ms
              listen: 127.0.0.1:0
            """
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Writes `count` events through the outbox, 50 per transaction.
    static func write(_ count: Int, publisher: Publisher, postgres: PostgresClient) async throws -> [String] {
        var ids: [String] = []
        for batch in stride(from: 0, to: count, by: 50) {
            let part = try await postgres.withTransaction(logger: logger) { connection in
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
            ids += part
        }
        return ids
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
