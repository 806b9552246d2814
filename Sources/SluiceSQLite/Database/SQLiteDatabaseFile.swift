import Logging
import NIOPosix
import SQLiteNIO
import Synchronization

/// One SQLite file in WAL mode, with a connection for writes and a few for reads.
///
/// Writes run one at a time in `BEGIN IMMEDIATE` transactions; writes that wait for each other commit together (see
/// ``GroupCommitWriter``), so concurrent writers share the syncs of the disk. Reads run in their own transactions on
/// the reading connections, on a thread pool of their own, so a search never waits for an index batch to commit (WAL
/// readers see the last committed state) nor for the writer's statements to leave the threads; with several reading
/// connections, one slow read does not hold up the others. Every transaction ends, committed or rolled back, whatever
/// happens in it: an error, a cancelled task, a budget that ran out.
final class SQLiteDatabaseFile: Sendable {
    /// The path the file was opened at.
    let path: String
    private let writer: GroupCommitWriter
    private let readers: LeasePool<PooledConnection>
    private let isClosed = Mutex(false)

    private init(path: String, writer: PooledConnection, readers: [PooledConnection]) {
        self.path = path
        self.writer = GroupCommitWriter(writer)
        self.readers = LeasePool(readers)
    }

    /// Opens (creating when missing) the file at `path` and sets it up for throughput.
    ///
    /// - Parameters:
    ///   - path: The database file; its directory must exist.
    ///   - logger: Used by SQLiteNIO for every connection.
    ///   - functions: SQL functions installed on every connection.
    ///   - writerCacheKiB: The writer's page cache; files written side by side share the default between them.
    ///   - readers: How many reading connections the file has (at least 1).
    ///   - readerBusyTimeout: How long a read waits for a lock before it fails (a WAL reader rarely waits at all).
    ///   - synchronous: How hard a commit is synced to the disk.
    static func open(
        path: String,
        logger: Logger,
        synchronous: SynchronousMode = .normal,
        functions: @Sendable () -> [SQLiteCustomFunction] = { [] },
        writerCacheKiB: Int = 65_536,
        readers readerCount: Int = 2,
        readerBusyTimeout: Duration = .seconds(10)
    ) async throws -> SQLiteDatabaseFile {
        var opened: [SQLiteConnection] = []
        do {
            let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            opened.append(writer)
            try await configure(writer, pragmas: writerPragmas + [synchronous.pragma, "PRAGMA cache_size = -\(max(2048, writerCacheKiB))"])
            try await install(functions(), on: writer)
            var readers: [PooledConnection] = []
            for _ in 0..<max(1, readerCount) {
                let reader = try await SQLiteConnection.open(
                    storage: .file(path: path),
                    threadPool: SQLiteThreadPools.reading,
                    logger: logger,
                    on: MultiThreadedEventLoopGroup.singleton.any()
                )
                opened.append(reader)
                let pooled = PooledConnection(reader)
                try await configure(reader, pragmas: readerPragmas + ["PRAGMA busy_timeout = \(readerBusyTimeout.milliseconds)"])
                try await install(functions() + [pooled.budget.sqlFunction], on: reader)
                readers.append(pooled)
            }
            return SQLiteDatabaseFile(path: path, writer: PooledConnection(writer), readers: readers)
        } catch {
            for connection in opened { try? await connection.close() }
            throw SQLiteDatabaseFile.storageError(error, "cannot open \(path)")
        }
    }

    /// A large cache and memory map keep the FTS segments hot; the WAL is allowed to grow to about 40 MB before a
    /// checkpoint, so checkpoints do not interrupt every batch. `synchronous` is set by the caller.
    private static let writerPragmas = [
        "PRAGMA journal_mode = WAL",
        "PRAGMA busy_timeout = 10000",
        "PRAGMA temp_store = MEMORY",
        "PRAGMA mmap_size = 67108864",
        "PRAGMA wal_autocheckpoint = 10000",
        "PRAGMA journal_size_limit = 67108864",
    ]

    private static let readerPragmas = [
        "PRAGMA temp_store = MEMORY",
        "PRAGMA cache_size = -32768",
        "PRAGMA mmap_size = 67108864",
        "PRAGMA query_only = 1",
    ]

    private static func configure(_ connection: SQLiteConnection, pragmas: [String]) async throws {
        for pragma in pragmas { _ = try await connection.query(pragma) }
    }

    private static func install(_ functions: [SQLiteCustomFunction], on connection: SQLiteConnection) async throws {
        for function in functions { try await connection.install(customFunction: function) }
    }

    /// Runs `body` in a write transaction: committed when it returns, rolled back when it throws. The transaction may
    /// hold other writes that ran beside it; `body`'s changes are rolled back alone when it throws, and the call returns
    /// once they are committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        do {
            return try await writer.write(checkOpen: checkOpen, body)
        } catch {
            throw SQLiteDatabaseFile.storageError(error, "write failed")
        }
    }

    /// Runs `body` in a read transaction on a reading connection, so all its statements see one snapshot.
    ///
    /// - Parameters:
    ///   - deadline: When statements that check ``QueryBudget/functionName`` stop; waiting for a free reading
    ///     connection counts. `nil`: no limit.
    /// - Throws: ``SluiceSQLiteError/Code/timedOut`` when `body` failed after `deadline`.
    func read<T: Sendable>(
        until deadline: ContinuousClock.Instant? = nil,
        _ body: @escaping @Sendable (SQLiteConnection) async throws -> T
    ) async throws -> T {
        try await readers.withLease { reader in
            try self.checkOpen()
            do {
                return try await reader.transaction("BEGIN", until: deadline, body)
            } catch {
                if let deadline, ContinuousClock.now >= deadline {
                    throw SluiceSQLiteError(.timedOut, "the read ran past its time budget")
                }
                throw SQLiteDatabaseFile.storageError(error, "read failed")
            }
        }
    }

    /// Waits for running transactions, then closes every connection. Later reads and writes throw
    /// ``SluiceSQLiteError/Code/closed``; a later `close()` does nothing.
    func close() async throws {
        let wasClosed = isClosed.withLock { closed in
            defer { closed = true }
            return closed
        }
        if wasClosed { return }
        // Transactions that started finish; those still waiting for a connection find the file closed.
        try await writer.exclusively { writer in
            try await readers.withEveryLease { readers in
                var failure: (any Error)?
                for connection in readers.map(\.connection) + [writer] {
                    do { try await connection.close() } catch { failure = failure ?? error }
                }
                if let failure { throw SQLiteDatabaseFile.storageError(failure, "cannot close") }
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
