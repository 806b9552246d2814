import JetStream
import Logging
import NATS
import NATSTestSupport
import PostgresNIO
import SluiceBridge
import SluiceBridgePostgres
import Synchronization

/// A throwaway PostgreSQL cluster with the bridge's tables, a NATS server, and both sides' configurations.
struct PostgresBridge: Sendable {
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

    /// Writes `count` events through the outbox, each in its own committed transaction.
    func writeEvents(_ count: Int, from start: Int = 0, publisher: Publisher) async throws -> [String] {
        var ids: [String] = []
        for index in start..<(start + count) {
            let envelope = try await postgres.withTransaction(logger: Self.logger) { connection in
                try await publisher.publish(
                    resourceType: "user",
                    resourceID: "\(index)",
                    eventType: "created",
                    payload: ["n": .int(Int64(index))],
                    in: connection
                )
            }
            ids.append(envelope.eventID)
        }
        return ids
    }

    /// How many rows of the outbox are not yet published.
    func unpublished() async throws -> Int {
        let rows = try await postgres.query("SELECT count(*) FROM jetstream_outbox_events WHERE published_at IS NULL")
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }
}

/// Runs the services in child tasks while `body` runs, then stops them and waits for them to end.
func running<T>(_ services: [any StoppableService], _ body: () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for service in services { group.addTask { try await service.run() } }
        do {
            let result = try await body()
            for service in services { service.stop() }
            try await group.waitForAll()
            return result
        } catch {
            for service in services { service.stop() }
            group.cancelAll()
            throw error
        }
    }
}

/// A service that can be asked to stop.
protocol StoppableService: Sendable {
    func run() async throws
    func stop()
}

extension Consumer: StoppableService {}
extension OutboxRelay: StoppableService {}
