import JetStream
import NATS
import NATSTestSupport
import PostgresNIO
import SluiceBridge
import SluiceBridgePostgres
import Synchronization
import Testing

/// The relay and the consumer across outages of NATS and of PostgreSQL: the outbox grows while one lasts and drains
/// after; nothing is lost and nothing is handled twice.
@Suite struct OutageTests {
    /// Quick retries, and enough of them (about 50 s) that no message reaches the DLQ during an outage.
    static let quickRetries: @Sendable (inout BridgeConfiguration) -> Void = { configuration in
        configuration.backoff = [.milliseconds(200), .milliseconds(500), .seconds(1)]
        configuration.maxDeliver = 50
    }

    @Test(arguments: StoreKind.allCases)
    func natsDownForTwentySecondsTheOutboxGrowsThenDrains(_ store: StoreKind) async throws {
        try await store.with(configure: Self.quickRetries) { bridge in
            let publisher = Publisher(configuration: bridge.producer)
            let log = IDLog()
            let consumer = bridge.inboxConsumer { log.record($0.event.eventID) }
            let ids = try await running([bridge.relay(batchSize: 200), consumer]) {
                let before = try await bridge.writeEvents(200, publisher: publisher)
                await log.wait(for: 200)
                await bridge.natsServer.kill()
                let during = try await bridge.writeEvents(500, from: 200, publisher: publisher)
                // Nothing can leave while NATS is down: the outbox holds every event written meanwhile.
                #expect(try await bridge.unpublished() >= 500)
                try await Task.sleep(for: .seconds(20))
                try await bridge.natsServer.restart()
                try await log.wait(for: 700, timeout: .seconds(180))
                return before + during
            }
            #expect(Set(log.ids) == Set(ids))
            #expect(try await bridge.users().count == 700)
            #expect(try await bridge.users().values.allSatisfy { $0 == 1 })
            #expect(try await bridge.unpublished() == 0)
            #expect(try await bridge.js.streamInfo("test-stream-bridge").state.messages == 700)
        }
    }

    /// PostgreSQL stopped (fast shutdown) and started again 15 seconds later on the same port, while a writer commits
    /// events, the relay publishes them and the consumer handles them through the inbox. The relay's and the inbox's
    /// steps have short deadlines, so they fail and try again rather than wait on the server.
    @Test func postgresRestartedSlowlyMidRunTheRelayAndTheInboxRecoverAndEachEventIsHandledOnce() async throws {
        try await withTimeout(.seconds(600), "for a run across a PostgreSQL restart") {
            try await PostgresBridge.with(configure: Self.quickRetries) { bridge in
                try await Self.runAcrossARestart(bridge, pause: .seconds(15))
            }
        }
    }

    static func runAcrossARestart(_ bridge: PostgresBridge, pause: Duration) async throws {
        try await bridge.postgres.query("CREATE TABLE handled (event_id TEXT NOT NULL)")
        let publisher = Publisher(configuration: bridge.producer)
        var options = OutboxRelay<PostgresOutboxStore>.Options()
        options.batchSize = 100
        options.pollInterval = .milliseconds(200)
        let relay = OutboxRelay(
            configuration: bridge.producer,
            store: PostgresOutboxStore(client: bridge.postgres, timeout: .seconds(3)),
            client: bridge.client,
            options: options
        )
        let progress = IDLog()
        let consumer = Consumer(
            configuration: bridge.consumer,
            client: bridge.client,
            durableName: "crm",
            inbox: PostgresInbox(client: bridge.postgres, timeout: .seconds(3), handlerTimeout: .seconds(3))
        ) { message, connection in
            // No unique key: a second commit for one event would show as a second row.
            try await connection.query("INSERT INTO handled (event_id) VALUES (\(message.event.eventID))", logger: PostgresBridge.logger)
            progress.record(message.event.eventID)
        }
        let writer = Writer(bridge: bridge, publisher: publisher)
        let (outbox, handled) = try await running([relay, consumer, writer]) {
            await progress.wait(for: 200)
            try await bridge.postgresServer.shutDown()
            try await Task.sleep(for: pause)
            try await bridge.postgresServer.startAgain()
            let restarted = writer.confirmed.count
            // Events committed after the restart reach the handler too.
            while writer.confirmed.count < restarted + 300 { try await Task.sleep(for: .milliseconds(50)) }
            // Stopped and finished before the counts, so no commit is confirmed after the drain is judged.
            try await writer.stopAndWait()
            return try await withTimeout(.seconds(180), "for the outbox to drain after the restart") {
                while true {
                    let outbox = try await bridge.strings("SELECT event_id FROM jetstream_outbox_events")
                    let handled = try await bridge.strings("SELECT event_id FROM handled")
                    if try await bridge.unpublished() == 0, Set(handled) == Set(outbox) { return (outbox, handled) }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
        }
        #expect(handled.count == Set(handled).count, "an event was handled twice")
        #expect(Set(writer.confirmed.ids).isSubset(of: Set(handled)), "a committed event was not handled")
        #expect(try await bridge.js.streamInfo("test-stream-bridge").state.messages == UInt64(outbox.count))
    }

    /// Commits one event after another through the outbox, as an application does, until stopped; a commit that fails
    /// (the database is down) is tried again with a new event. Only events whose commit returned are confirmed.
    final class Writer: StoppableService {
        let bridge: PostgresBridge
        let publisher: Publisher
        let confirmed = IDLog()
        private let stopped = Mutex(false)
        private let finished = Mutex(false)

        init(bridge: PostgresBridge, publisher: Publisher) {
            self.bridge = bridge
            self.publisher = publisher
        }

        func run() async throws {
            var index = 0
            while !stopped.withLock({ $0 }) && !Task.isCancelled {
                do {
                    let id = try await withTimeout(.seconds(10), "for a commit") { [bridge, publisher, index] in
                        try await bridge.writeEvent(index, publisher: publisher)
                    }
                    confirmed.record(id)
                } catch {
                    try? await Task.sleep(for: .milliseconds(100))
                }
                index += 1
                try? await Task.sleep(for: .milliseconds(5))
            }
            finished.withLock { $0 = true }
        }

        func stop() { stopped.withLock { $0 = true } }

        /// Stops the writer and waits until its last commit has returned (or failed).
        func stopAndWait() async throws {
            stop()
            try await withTimeout(.seconds(30), "for the writer's last commit") { [self] in
                while !finished.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
            }
        }
    }
}

extension PostgresBridge {
    /// The first column of every row `sql` returns, as text.
    func strings(_ sql: PostgresQuery) async throws -> [String] {
        var values: [String] = []
        for try await value in try await postgres.query(sql).decode(String.self) { values.append(value) }
        return values
    }
}
