import JetStream
import NATS
import NATSTestSupport
import SluiceBridge
import Testing

/// One store under the shared suite: a database with the bridge's tables and a `users` table, a NATS server, both
/// sides' configurations, and what the suite does in the database the way an application does it.
protocol StoreHarness: Sendable {
    var producer: BridgeConfiguration { get }
    var consumer: BridgeConfiguration { get }
    var client: NATSClient { get }
    var natsServer: TestNATSServer { get }
    var js: JetStreamContext { get }

    /// A relay on the store, claiming at most `batchSize` rows at once and polling often.
    func relay(batchSize: Int) -> any StoppableService
    /// A consumer with the store's inbox whose handler, in the inbox's transaction, counts the event's resource in
    /// `users` (an upsert adding one), then calls `handler`; when `handler` throws, both are rolled back.
    func inboxConsumer(durableName: String, batchSize: Int, handler: @escaping @Sendable (BridgeMessage) async throws -> Void) -> Consumer
    /// Writes `count` events through the outbox, each in its own committed transaction; returns their ids.
    func writeEvents(_ count: Int, from start: Int, publisher: Publisher) async throws -> [String]
    /// Writes an event through the outbox in a transaction that then rolls back; returns its id.
    func writeRolledBack(publisher: Publisher) async throws -> String
    /// Inserts a row with plain SQL, as an application without the library does: no `event_id`.
    func insertRowByHand() async throws
    /// The `event_id` of every outbox row.
    func outboxEventIDs() async throws -> [String]
    /// How many outbox rows are not yet published.
    func unpublished() async throws -> Int
    /// The `users` table: how many times a handler's writes were committed for each resource id.
    func users() async throws -> [String: Int]
}

extension StoreHarness {
    func writeEvents(_ count: Int, publisher: Publisher) async throws -> [String] {
        try await writeEvents(count, from: 0, publisher: publisher)
    }

    func inboxConsumer(durableName: String = "crm", handler: @escaping @Sendable (BridgeMessage) async throws -> Void) -> Consumer {
        inboxConsumer(durableName: durableName, batchSize: 25, handler: handler)
    }
}

/// The stores the shared suite runs on.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case postgres
    case sqlite

    var testDescription: String { rawValue }

    /// Starts the store's harness, runs `body` with it, and cleans up however it ends.
    func with<T: Sendable>(
        configure: @escaping @Sendable (inout BridgeConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (any StoreHarness) async throws -> T
    ) async throws -> T {
        switch self {
        case .postgres: try await PostgresBridge.with(configure: configure) { try await body($0) }
        case .sqlite: try await SQLiteBridge.with(configure: configure) { try await body($0) }
        }
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
