import SQLiteNIO
import SluiceCore

extension SearchIndex {
    /// Rows per upsert statement: 3 parameters each, well under SQLite's limits.
    private static let rowsPerStatement = 1000

    /// Writes a batch of envelopes to index `index`: one transaction per shard, the shards side by side.
    ///
    /// For each document the newest version wins: an envelope whose version is not greater than the
    /// stored one (document or tombstone) changes nothing, so replays are harmless and an update older
    /// than a delete stays deleted. `index` and `update` events store their payload as the whole
    /// document; `delete` events store a tombstone.
    /// - Returns: One outcome per envelope, in order.
    /// - Throws: ``SluiceSQLiteError/Code/indexNotFound``; ``SluiceSQLiteError/Code/storage`` when a
    ///   transaction failed (that shard's part of the batch is not written; others may be, and writing the batch
    ///   again is harmless).
    public func apply(_ envelopes: [Envelope], to index: String) async throws -> [IndexOutcome] {
        let entry = try entry(index)
        let idPath = try entry.definition.idField.map(FieldPath.init)
        var outcomes = [IndexOutcome](repeating: .stale, count: envelopes.count)
        var writes: [IndexWrite] = []
        writes.reserveCapacity(envelopes.count)
        for (position, envelope) in envelopes.enumerated() {
            switch IndexWrite.make(from: envelope, position: position, idPath: idPath) {
            case .success(let write): writes.append(write)
            case .failure(let rejection): outcomes[position] = .rejected(reason: rejection.reason)
            }
        }
        let candidates = IndexWrite.newestPerID(writes)
        if candidates.isEmpty { return outcomes }
        var perShard = [[IndexWrite]](repeating: [], count: shards.files.count)
        for write in candidates { perShard[shards.shard(of: write.id)].append(write) }
        let schema = entry.schema
        let files = shards.files
        let applied = try await withThrowingTaskGroup(of: Set<String>.self) { group in
            for (shard, writes) in perShard.enumerated() where !writes.isEmpty {
                group.addTask {
                    try await files[shard].write { connection in
                        var applied: Set<String> = []
                        for chunk in writes.chunks(of: Self.rowsPerStatement) {
                            applied.formUnion(try await Self.write(Array(chunk), to: schema, on: connection))
                        }
                        return applied
                    }
                }
            }
            var applied: Set<String> = []
            for try await shardApplied in group { applied.formUnion(shardApplied) }
            return applied
        }
        for write in candidates where applied.contains(write.id) {
            outcomes[write.position] = write.body == nil ? .deleted : .indexed
        }
        return outcomes
    }

    /// Writes documents with distinct ids and returns the ids of those that were newer than what was stored.
    ///
    /// The full-text rows of replaced documents are deleted in one statement and those of the new versions
    /// inserted in another, in rowid order, so FTS5 writes one segment per chunk rather than one per row.
    private static func write(_ writes: [IndexWrite], to schema: IndexSchema, on connection: SQLiteConnection) async throws -> Set<String> {
        let stored = try await connection.query(
            "SELECT doc_id, rid, version, body IS NOT NULL AS live FROM \(schema.documents) WHERE doc_id IN (\(SQLText.placeholders(writes.count)))",
            writes.map { .text($0.id) }
        )
        var current: [String: (rid: Int64, version: Int64, live: Bool)] = [:]
        for row in stored {
            current[try row.string("doc_id")] = (try row.int64("rid"), try row.int64("version"), try row.int64("live") == 1)
        }
        let newer = writes.filter { write in current[write.id].map { $0.version < write.version } ?? true }
        if newer.isEmpty { return [] }
        let replaced = newer.compactMap { current[$0.id] }.filter(\.live).map(\.rid).sorted()
        if !replaced.isEmpty {
            _ = try await connection.query(schema.deleteFullText(count: replaced.count), replaced.map { .integer(Int($0)) })
        }
        var binds: [SQLiteData] = []
        binds.reserveCapacity(newer.count * 3)
        for write in newer {
            binds.append(.text(write.id))
            binds.append(.integer(Int(write.version)))
            binds.append(write.body.map { .text($0) } ?? .null)
        }
        let written = try await connection.query(
            """
            INSERT INTO \(schema.documents) (doc_id, version, body) VALUES \(SQLText.rows(newer.count, columns: 3))
            ON CONFLICT (doc_id) DO UPDATE SET version = excluded.version, body = excluded.body
            WHERE excluded.version > \(schema.documents).version
            RETURNING doc_id, rid, body IS NOT NULL AS live
            """,
            binds
        )
        var applied: Set<String> = []
        var live: [Int64] = []
        for row in written {
            applied.insert(try row.string("doc_id"))
            if try row.int64("live") == 1 { live.append(try row.int64("rid")) }
        }
        if !live.isEmpty {
            live.sort()
            _ = try await connection.query(schema.insertFullText(count: live.count), live.map { .integer(Int($0)) })
        }
        return applied
    }
}
