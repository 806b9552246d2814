import SQLiteNIO

/// The files of a sharded index and which of them holds a document.
///
/// Shard 0 is the file at the index's path and records how many shards there are (`sluice_meta`); shard `k` is
/// the file next to it with `.shardk` before the extension. A document lives in the shard its id hashes to
/// (FNV-1a, stable across processes and versions), so each shard is written by its own connection, in parallel.
struct IndexShards: Sendable {
    let files: [SQLiteDatabaseFile]

    /// The path of shard `number` of the index at `path`.
    static func path(_ path: String, shard number: Int) -> String {
        guard number > 0 else { return path }
        let slash = path.lastIndex(of: "/")
        if let dot = path.lastIndex(of: "."), slash.map({ $0 < dot }) ?? true, dot != path.startIndex {
            return "\(path[..<dot]).shard\(number)\(path[dot...])"
        }
        return "\(path).shard\(number)"
    }

    /// The shard holding document `id`.
    func shard(of id: String) -> Int {
        guard files.count > 1 else { return 0 }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(files.count))
    }

    /// The settings shard 0 keeps (the shard count).
    static let createMeta = "CREATE TABLE IF NOT EXISTS sluice_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"

    /// Reads the stored shard count; stores `requested` when there is none. A file that already holds indexes
    /// without a count predates shards and is one shard.
    static func count(on connection: SQLiteConnection, requested: Int) async throws -> Int {
        _ = try await connection.query(createMeta)
        let stored = try await connection.query("SELECT value FROM sluice_meta WHERE key = 'shards'")
        if let row = stored.first, let count = Int(try row.string("value")), count >= 1 { return count }
        let existing = try await connection.query("SELECT count(*) AS n FROM sluice_index")
        let indexes = try existing.first?.int64("n") ?? 0
        let count = indexes > 0 ? 1 : requested
        _ = try await connection.query("INSERT INTO sluice_meta (key, value) VALUES ('shards', ?)", [.text(String(count))])
        return count
    }
}
