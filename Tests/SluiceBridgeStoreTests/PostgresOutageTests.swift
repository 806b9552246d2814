import JetStream
import NATS
import NATSTestSupport
import PostgresNIO
import SluiceBridge
import SluiceBridgePostgres
import Testing

/// The relay and the consumer across a NATS outage: the outbox grows while it lasts and drains after; nothing is lost.
@Suite struct PostgresOutageTests {
    /// Quick retries, and enough of them (about 50 s) that no message reaches the DLQ during the outage.
    static func quickRetries(_ configuration: inout BridgeConfiguration) {
        configuration.backoff = [.milliseconds(200), .milliseconds(500), .seconds(1)]
        configuration.maxDeliver = 50
    }

    static func relayOptions() -> OutboxRelay<PostgresOutboxStore>.Options {
        var options = OutboxRelay<PostgresOutboxStore>.Options()
        options.pollInterval = .milliseconds(200)
        return options
    }

    @Test func natsDownForTwentySecondsTheOutboxGrowsThenDrains() async throws {
        try await PostgresBridge.with(configure: Self.quickRetries) { bridge in
            let publisher = Publisher(configuration: bridge.producer)
            let log = IDLog()
            let relay = OutboxRelay(
                configuration: bridge.producer,
                store: PostgresOutboxStore(client: bridge.postgres),
                client: bridge.client,
                options: Self.relayOptions()
            )
            let consumer = Consumer(
                configuration: bridge.consumer,
                client: bridge.client,
                durableName: "crm",
                inbox: PostgresInbox(client: bridge.postgres)
            ) { message, _ in
                log.record(message.event.eventID)
            }
            let ids = try await running([relay, consumer]) {
                let before = try await bridge.writeEvents(200, publisher: publisher)
                await log.wait(for: 200)
                await bridge.natsServer.kill()
                let during = try await bridge.writeEvents(500, from: 200, publisher: publisher)
                // Nothing can leave while NATS is down: the outbox holds every event written meanwhile.
                #expect(try await bridge.unpublished() == 500)
                try await Task.sleep(for: .seconds(20))
                try await bridge.natsServer.restart()
                try await log.wait(for: 700, timeout: .seconds(180))
                return before + during
            }
            #expect(Set(log.ids) == Set(ids))
            #expect(Set(log.ids).count == 700)
            #expect(try await bridge.js.streamInfo("test-stream-bridge").state.messages == 700)
        }
    }
}
