import Foundation
import SQLiteNIO
import SluiceSQLite

/// The edge's local store: the tuples of its stores in one SQLite file (WAL), with the stream sequence of every change
/// applied, each store's position and the dead letters.
///
/// Changes are applied in one transaction together with their stream sequences, so a change delivered again (after a
/// crash before its acknowledgement, or a redelivery) is recognised by its sequence and not applied twice. Reads run on
/// a connection of their own and see the last committed state.
public final class EdgeStore: Sendable {
    /// The file.
    public let path: String
    let writer: LeasePool<SQLiteConnection>
    let reader: LeasePool<SQLiteConnection>
    private let connections: [SQLiteConnection]

    private init(path: String, writer: SQLiteConnection, reader: SQLiteConnection) {
        self.path = path
        self.writer = LeasePool([writer])
        self.reader = LeasePool([reader])
        self.connections = [writer, reader]
    }

    /// Opens (creating when missing) the store at `path`; its folder is created too. Each commit is synced to the disk
    /// as `synchronous` says: with `full` a committed change survives a power loss, with `normal` a crash of the process.
    public static func open(path: String, synchronous: SynchronousMode = .full) async throws -> EdgeStore {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let writer = try await SQLiteConnection.open(storage: .file(path: path))
        do {
            let sync = "PRAGMA synchronous = \(synchronous.rawValue.uppercased())"
            for pragma in ["PRAGMA journal_mode = WAL", sync, "PRAGMA busy_timeout = 10000"] {
                _ = try await writer.query(pragma)
            }
            for statement in EdgeStoreSchema.statements { try await writer.runToCompletion(statement) }
            let reader = try await SQLiteConnection.open(storage: .file(path: path))
            for pragma in ["PRAGMA busy_timeout = 10000", "PRAGMA query_only = 1"] { _ = try await reader.query(pragma) }
            return EdgeStore(path: path, writer: writer, reader: reader)
        } catch {
            try? await writer.close()
            throw error
        }
    }

    /// Closes both connections once nothing uses them.
    public func close() async throws {
        try await writer.withEveryLease { _ in
            try await reader.withEveryLease { _ in
                for connection in connections { try await connection.close() }
            }
        }
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction on the writing connection.
    func write<T: Sendable>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        try await writer.withLease { connection in
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

    /// Runs `body` on the reading connection.
    func read<T: Sendable>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        try await reader.withLease(body)
    }
}

/// The tables of the edge store.
enum EdgeStoreSchema {
    static let statements = [
        """
        CREATE TABLE IF NOT EXISTS tuples (
            store_id TEXT NOT NULL, object TEXT NOT NULL, relation TEXT NOT NULL, user TEXT NOT NULL,
            PRIMARY KEY (store_id, object, relation, user)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE IF NOT EXISTS applied_changes (
            stream_seq INTEGER PRIMARY KEY, store_id TEXT NOT NULL, change_id TEXT NOT NULL, applied_at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX IF NOT EXISTS applied_changes_by_store ON applied_changes (store_id)",
        """
        CREATE TABLE IF NOT EXISTS store_positions (
            store_id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, changes INTEGER NOT NULL, updated_at INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS dead_letters (
            id INTEGER PRIMARY KEY AUTOINCREMENT, stream_seq INTEGER NOT NULL, subject TEXT NOT NULL, store_id TEXT,
            reason TEXT NOT NULL, deliveries INTEGER NOT NULL, payload BLOB, failed_at INTEGER NOT NULL
        )
        """,
    ]
}
