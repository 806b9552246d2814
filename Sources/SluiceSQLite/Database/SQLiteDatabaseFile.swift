import Logging
import SQLiteNIO
import Synchronization

/// One SQLite file in WAL mode, with a connection for writes and one for reads.
///
/// Writes run in `BEGIN IMMEDIATE` transactions, one at a time; reads run on their own connection, so a
/// search never waits for an index batch to commit (WAL readers see the last committed state).
final class SQLiteDatabaseFile: Sendable {
    /// The path the file was opened at.
    let path: String
    private let writer: SQLiteConnection
    private let reader: SQLiteConnection
    private let writeLock = AsyncLock()
    private let readLock = AsyncLock()
    private let isClosed = Mutex(false)

    private init(path: String, writer: SQLiteConnection, reader: SQLiteConnection) {
        self.path = path
        self.writer = writer
        self.reader = reader
    }

    /// Opens (creating when missing) the file at `path` and sets it up for throughput.
    ///
    /// - Parameters:
    ///   - path: The database file; its directory must exist.
    ///   - logger: Used by SQLiteNIO for both connections.
    ///   - functions: SQL functions installed on both connections.
    ///   - writerCacheKiB: The writer's page cache; files written side by side share the default between them.
    static func open(
        path: String,
        logger: Logger,
        functions: @Sendable () -> [SQLiteCustomFunction] = { [] },
        writerCacheKiB: Int = 65_536
    ) async throws -> SQLiteDatabaseFile {
        do {
            let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            let reader: SQLiteConnection
            do {
                try await configure(writer, pragmas: writerPragmas + ["PRAGMA cache_size = -\(max(2048, writerCacheKiB))"])
                reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            } catch {
                try? await writer.close()
                throw error
            }
            do {
                try await configure(reader, pragmas: readerPragmas)
                for connection in [writer, reader] {
                    for function in functions() { try await connection.install(customFunction: function) }
                }
            } catch {
                try? await writer.close()
                try? await reader.close()
                throw error
            }
            return SQLiteDatabaseFile(path: path, writer: writer, reader: reader)
        } catch {
            throw SQLiteDatabaseFile.storageError(error, "cannot open \(path)")
        }
    }

    /// `synchronous=NORMAL` in WAL mode loses no committed transaction on a process crash (only on power
    /// loss, the last ones); a large cache and memory map keep the FTS segments hot; the WAL is allowed to
    /// grow to about 40 MB before a checkpoint, so checkpoints do not interrupt every batch.
    private static let writerPragmas = [
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = NORMAL",
        "PRAGMA busy_timeout = 10000",
        "PRAGMA temp_store = MEMORY",
        "PRAGMA mmap_size = 67108864",
        "PRAGMA wal_autocheckpoint = 10000",
        "PRAGMA journal_size_limit = 67108864",
    ]

    private static let readerPragmas = [
        "PRAGMA busy_timeout = 10000",
        "PRAGMA temp_store = MEMORY",
        "PRAGMA cache_size = -32768",
        "PRAGMA mmap_size = 67108864",
        "PRAGMA query_only = 1",
    ]

    private static func configure(_ connection: SQLiteConnection, pragmas: [String]) async throws {
        for pragma in pragmas { _ = try await connection.query(pragma) }
    }

    /// Runs `body` in a write transaction: committed when it returns, rolled back when it throws.
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        try await writeLock.withLock { [writer] in
            try self.checkOpen()
            do {
                _ = try await writer.query("BEGIN IMMEDIATE")
            } catch {
                throw SQLiteDatabaseFile.storageError(error, "cannot start a write transaction")
            }
            do {
                let value = try await body(writer)
                _ = try await writer.query("COMMIT")
                return value
            } catch {
                _ = try? await writer.query("ROLLBACK")
                throw SQLiteDatabaseFile.storageError(error, "write failed")
            }
        }
    }

    /// Runs `body` in a read transaction on the reader connection, so all its statements see one snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        try await readLock.withLock { [reader] in
            try self.checkOpen()
            do {
                _ = try await reader.query("BEGIN")
                let value = try await body(reader)
                _ = try await reader.query("COMMIT")
                return value
            } catch {
                _ = try? await reader.query("ROLLBACK")
                throw SQLiteDatabaseFile.storageError(error, "read failed")
            }
        }
    }

    /// Waits for running transactions, then closes both connections. Later calls throw ``SluiceSQLiteError/Code/closed``.
    func close() async throws {
        try await writeLock.withLock { [writer, reader, readLock] in
            try await readLock.withLock {
                let wasClosed = self.isClosed.withLock { closed in
                    defer { closed = true }
                    return closed
                }
                if wasClosed { return }
                do {
                    try await reader.close()
                    try await writer.close()
                } catch {
                    throw SQLiteDatabaseFile.storageError(error, "cannot close")
                }
            }
        }
    }

    private func checkOpen() throws {
        if isClosed.withLock({ $0 }) {
            throw SluiceSQLiteError(.closed, "\(path) is closed")
        }
    }

    /// Passes ``SluiceSQLiteError``s through and wraps anything else (SQLite's errors) as ``SluiceSQLiteError/Code/storage``.
    static func storageError(_ error: any Error, _ context: String) -> SluiceSQLiteError {
        if let error = error as? SluiceSQLiteError { return error }
        return SluiceSQLiteError(.storage, "\(context): \(error)")
    }
}
