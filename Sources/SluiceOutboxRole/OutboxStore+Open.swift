import Logging
import PostgresNIO
import SluiceBridge
import SluiceBridgePostgres
import SluiceBridgeSQLite
import SluiceConnectors

extension OutboxSection.Store {
    /// Opens the store, runs `body` with it, and closes it however `body` ends: an SQLite file (created with its
    /// tables when missing; a claim holds its rows for `lease`), or a PostgreSQL client run beside `body` (each step
    /// of the relay waiting at most `timeout` for the server).
    func withOutboxStore<T: Sendable>(
        lease: Duration = .seconds(60),
        timeout: Duration = .seconds(10),
        logger: Logger,
        _ body: (any OutboxStore) async throws -> T
    ) async throws -> T {
        switch self {
        case .sqlite(let path):
            let database = try await SQLiteBridgeDatabase.open(path: path)
            do {
                let result = try await body(SQLiteOutboxStore(database: database, lease: lease))
                try await database.close()
                return result
            } catch {
                try? await database.close()
                throw error
            }
        case .postgres(let url):
            let postgres = PostgresClient(configuration: try PostgresClient.Configuration(url: url), backgroundLogger: logger)
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await postgres.run() }
                defer { group.cancelAll() }
                return try await body(PostgresOutboxStore(client: postgres, timeout: timeout, logger: logger))
            }
        }
    }
}
