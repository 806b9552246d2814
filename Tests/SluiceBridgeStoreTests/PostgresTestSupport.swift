import JetStream
import Logging
import NATS
import NATSTestSupport
import PostgresNIO
import SluiceBridge
import SluiceBridgePostgres
import Testing

/// A throwaway PostgreSQL cluster with the bridge's tables and a `users` table, a NATS server, and both sides'
/// configurations.
struct PostgresBridge: StoreHarness {
    var producer: BridgeConfiguration
    var consumer: BridgeConfiguration
    let postgres: PostgresClient
    let postgresServer: TestPostgresServer
    let client: NATSClient
    let natsServer: TestNATSServer

    var js: JetStreamContext { JetStreamContext(client: client) }

    static let logger = Logger(label: "test")

    /// Starts both servers, migrates, connects, runs `body`, and cleans up however it ends.
    static func with<T: Sendable>(
        configure: (inout BridgeConfiguration) -> Void = { _ in },
        _ body: @Sendable (PostgresBridge) async throws -> T
    ) async throws -> T {
        try await TestPostgresServer.withServer { postgresServer in
            try await TestNATSServer.withServer { natsServer in
                var producer = BridgeConfiguration(env: "test", appName: "billing", destinationApp: "crm")
                var consumer = BridgeConfiguration(env: "test", appName: "crm", destinationApp: "billing")
                producer.natsURLs = [natsServer.url]
                consumer.natsURLs = [natsServer.url]
                configure(&producer)
                configure(&consumer)
                let postgres = makeClient(postgresServer)
                let client = try await consumer.connect()
                let bridge = PostgresBridge(
                    producer: producer,
                    consumer: consumer,
                    postgres: postgres,
                    postgresServer: postgresServer,
                    client: client,
                    natsServer: natsServer
                )
                do {
                    let result = try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { await postgres.run() }
                        defer { group.cancelAll() }
                        try await PostgresBridgeSchema.migrate(postgres)
                        try await postgres.query("CREATE TABLE users (id TEXT PRIMARY KEY, handled INT NOT NULL DEFAULT 1)")
                        return try await body(bridge)
                    }
                    await client.close()
                    return result
                } catch {
                    await client.close()
                    throw error
                }
            }
        }
    }

    static func makeClient(_ server: TestPostgresServer) -> PostgresClient {
        var configuration = PostgresClient.Configuration(
            host: server.host,
            port: server.port,
            username: server.username,
            password: nil,
            database: server.database,
            tls: .disable
        )
        configuration.options.maximumConnections = 20
        return PostgresClient(configuration: configuration, backgroundLogger: Logger(label: "postgres"))
    }

    func relay(batchSize: Int) -> any StoppableService {
        var options = OutboxRelay<PostgresOutboxStore>.Options()
        options.batchSize = batchSize
        options.pollInterval = .milliseconds(200)
        return OutboxRelay(configuration: producer, store: PostgresOutboxStore(client: postgres), client: client, options: options)
    }

    func inboxConsumer(durableName: String, batchSize: Int, handler: @escaping @Sendable (BridgeMessage) async throws -> Void) -> Consumer {
        Consumer(
            configuration: consumer,
            client: client,
            durableName: durableName,
            batchSize: batchSize,
            inbox: PostgresInbox(client: postgres)
        ) { message, connection in
            try await connection.query(
                "INSERT INTO users (id) VALUES (\(message.event.resourceID)) ON CONFLICT (id) DO UPDATE SET handled = users.handled + 1",
                logger: Self.logger
            )
            try await handler(message)
        }
    }

    func writeEvents(_ count: Int, from start: Int, publisher: Publisher) async throws -> [String] {
        var ids: [String] = []
        for index in start..<(start + count) {
            ids.append(try await writeEvent(index, publisher: publisher))
        }
        return ids
    }

    /// Writes event number `index` through the outbox in a committed transaction of its own; returns its id.
    func writeEvent(_ index: Int, publisher: Publisher) async throws -> String {
        try await postgres.withTransaction(logger: Self.logger) { connection in
            try await publisher.publish(
                resourceType: "user",
                resourceID: "\(index)",
                eventType: "created",
                payload: ["n": .int(Int64(index))],
                in: connection
            )
        }.eventID
    }

    func writeRolledBack(publisher: Publisher) async throws -> String {
        let rolledBack = ReferenceBox<String>()
        do {
            try await postgres.withTransaction(logger: Self.logger) { connection in
                rolledBack.value = try await publisher.publish(resourceType: "user", resourceID: "rolled-back", eventType: "created", in: connection)
                    .eventID
                throw Rollback()
            }
        } catch let error as PostgresTransactionError where error.closureError is Rollback {}
        return try #require(rolledBack.value)
    }

    func insertRowByHand() async throws {
        try await postgres.query(
            "INSERT INTO jetstream_outbox_events (resource_type, resource_id, event_type, payload) VALUES ('user', '7', 'created', '{\"n\":7}')"
        )
    }

    func outboxEventIDs() async throws -> [String] {
        var ids: [String] = []
        for try await id in try await postgres.query("SELECT event_id FROM jetstream_outbox_events ORDER BY id").decode(String.self) {
            ids.append(id)
        }
        return ids
    }

    func unpublished() async throws -> Int {
        let rows = try await postgres.query("SELECT count(*) FROM jetstream_outbox_events WHERE published_at IS NULL")
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    func users() async throws -> [String: Int] {
        var users: [String: Int] = [:]
        for try await (id, handled) in try await postgres.query("SELECT id, handled FROM users").decode((String, Int).self) {
            users[id] = handled
        }
        return users
    }
}

/// Thrown in a transaction to roll it back.
struct Rollback: Error {}
