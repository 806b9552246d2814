import Foundation
import JetStream
import NATS
import NATSTestSupport
import SluiceBridge
import SluiceBridgeSQLite
import Testing

/// `sluice run` with an `outbox:` section relays the outbox beside its pipelines, through its own NATS: a row an
/// application commits reaches the bridge's stream.
@Suite struct OutboxBesidePipelinesTests {
    @Test func aCommittedRowReachesTheBridgeStream() async throws {
        try await TestNATSServer.withServer { nats in
            let directory = try TestDirectory.make(prefix: "run-outbox")
            defer { TestDirectory.remove(directory) }
            try """
            transport: jetstream
            nats: {url: "\(nats.url)"}
            data_dir: state
            server: {listen: "127.0.0.1:0"}
            log: {level: info, format: text}
            outbox: {sqlite: app.sqlite, env: dev, app_name: billing, destination_app: crm}
            pipelines:
              - name: notes
                source: {type: http}
                sink: {type: search_index, index: notes, fields: [title]}
            """.write(toFile: directory + "/sluice.yaml", atomically: true, encoding: .utf8)
            let run = try SluiceProcess(["run", "sluice.yaml"], in: directory)
            try await run.waitForOutput("relaying the outbox")

            // The application's side: the same file, one row committed with a change of its own.
            let database = try await SQLiteBridgeDatabase.open(path: directory + "/app.sqlite")
            let publisher = Publisher(configuration: BridgeConfiguration(env: "dev", appName: "billing", destinationApp: "crm"))
            let event = try await database.withTransaction { connection in
                _ = try await connection.query("CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY)")
                _ = try await connection.query("INSERT INTO users (id) VALUES ('42')")
                return try await publisher.publish(resourceType: "user", resourceID: "42", eventType: "created", in: connection)
            }
            try await database.close()

            let client = try await NATSClient.connect(NATSClientOptions(servers: [nats.url]))
            let js = JetStreamContext(client: client)
            let message = try await withTimeout(.seconds(60), "the event in the bridge's stream") {
                while true {
                    if let found = try? await js.getLastMessage(stream: "dev-stream-bridge", subject: "dev.data.sync.billing.crm.user.created") {
                        return found
                    }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            #expect(message.headers?["Nats-Msg-Id"] == event.eventID)
            await client.close()
            run.send(SIGTERM)
            #expect(try await run.waitForExit() == 0, "\(run.text.suffix(800))")
        }
    }
}
