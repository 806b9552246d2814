import SQLiteNIO
import SluiceSQLite

/// An SQLite file the bridge's stores share: one connection, in WAL mode with `synchronous=FULL` (a committed event is
/// on disk before the commit returns), lent to one transaction at a time.
///
/// SQLite has one writer per file; other processes (the application, a second relay) wait up to the busy timeout for
/// it. Open it once per process and give it to ``SQLiteOutboxStore`` and ``SQLiteInbox``.
public final class SQLiteBridgeDatabase: Sendable {
    /// The file.
    public let path: String
    let connection: LeasePool<SQLiteConnection>
    private let raw: SQLiteConnection

    private init(path: String, connection: SQLiteConnection) {
        self.path = path
        self.raw = connection
        self.connection = LeasePool([connection])
    }

    /// Opens (creating when missing) the file and applies the bridge's schema when `migrate` is true.
    public static func open(path: String, migrate: Bool = true, busyTimeout: Duration = .seconds(10)) async throws -> SQLiteBridgeDatabase {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        do {
            for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA busy_timeout = \(busyTimeout.milliseconds)"] {
                _ = try await connection.query(pragma)
            }
            if migrate { try await SQLiteBridgeSchema.migrate(connection) }
            return SQLiteBridgeDatabase(path: path, connection: connection)
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Runs `body` inside a `BEGIN IMMEDIATE` transaction on the connection, committing when it returns and rolling
    /// back when it throws; other transactions of this process wait their turn.
    public func withTransaction<T: Sendable>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        try await connection.withLease { connection in
            try await connection.runToCompletion("BEGIN IMMEDIATE")
            do {
                let result = try await body(connection)
                try await connection.runToCompletion("COMMIT")
                return result
            } catch {
                try? await connection.runToCompletion("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` on the connection outside any transaction.
    func withConnection<T: Sendable>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        try await connection.withLease(body)
    }

    /// Closes the connection once no transaction holds it.
    public func close() async throws {
        try await connection.withEveryLease { _ in try await raw.close() }
    }
}
