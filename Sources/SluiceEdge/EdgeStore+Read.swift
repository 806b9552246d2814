import SQLiteNIO

/// A store's position: the last stream sequence applied and how many changes were.
public struct StorePosition: Sendable, Hashable, Codable {
    /// The store.
    public var store: String
    /// The highest stream sequence applied.
    public var lastSequence: UInt64
    /// How many changes were applied.
    public var changes: Int

    enum CodingKeys: String, CodingKey {
        case store
        case lastSequence = "last_seq"
        case changes
    }
}

extension EdgeStore {
    /// The tuples of a store matching the given parts (all when none), ordered, at most `limit`.
    public func tuples(
        store: String,
        object: String? = nil,
        relation: String? = nil,
        user: String? = nil,
        limit: Int = 1000
    ) async throws
        -> [TupleKey]
    {
        var conditions = ["store_id = ?"]
        var binds: [SQLiteData] = [.text(store)]
        for (column, value) in [("object", object), ("relation", relation), ("user", user)] {
            if let value {
                conditions.append("\(column) = ?")
                binds.append(.text(value))
            }
        }
        binds.append(.integer(limit))
        let sql = "SELECT object, relation, user FROM tuples WHERE \(conditions.joined(separator: " AND ")) ORDER BY object, relation, user LIMIT ?"
        return try await read { connection in
            try await connection.query(sql, binds).map { row in
                TupleKey(
                    object: row.column("object")?.string ?? "",
                    relation: row.column("relation")?.string ?? "",
                    user: row.column("user")?.string ?? ""
                )
            }
        }
    }

    /// Whether `user` holds one of `relations` on `object` directly.
    func hasTuple(store: String, object: String, relations: [String], user: String) async throws -> Bool {
        let marks = Array(repeating: "?", count: relations.count).joined(separator: ", ")
        let binds: [SQLiteData] = [.text(store), .text(object), .text(user)] + relations.map { .text($0) }
        return try await read { connection in
            try await !connection.query(
                "SELECT 1 FROM tuples WHERE store_id = ? AND object = ? AND user = ? AND relation IN (\(marks)) LIMIT 1",
                binds
            ).isEmpty
        }
    }

    /// The usersets (`group:eng#member`) holding one of `relations` on `object`.
    func usersets(store: String, object: String, relations: [String]) async throws -> [String] {
        let marks = Array(repeating: "?", count: relations.count).joined(separator: ", ")
        let binds: [SQLiteData] = [.text(store), .text(object)] + relations.map { .text($0) }
        return try await read { connection in
            try await connection.query(
                "SELECT DISTINCT user FROM tuples WHERE store_id = ? AND object = ? AND relation IN (\(marks)) AND instr(user, '#') > 0",
                binds
            ).compactMap { $0.column("user")?.string }
        }
    }

    /// Every store's position.
    public func positions() async throws -> [StorePosition] {
        try await read { connection in
            try await connection.query("SELECT store_id, last_seq, changes FROM store_positions ORDER BY store_id", []).map { row in
                StorePosition(
                    store: row.column("store_id")?.string ?? "",
                    lastSequence: UInt64(row.column("last_seq")?.integer ?? 0),
                    changes: row.column("changes")?.integer ?? 0
                )
            }
        }
    }

    /// How many changes were applied, in all stores: the sum of the stores' counts, kept in the transaction that applies
    /// them, so asking often costs nothing however many changes the store holds.
    public func appliedCount() async throws -> Int {
        try await read { connection in
            try await connection.query("SELECT coalesce(sum(changes), 0) AS n FROM store_positions", []).first?.column("n")?.integer ?? 0
        }
    }

    /// How many dead letters there are.
    public func deadLetterCount() async throws -> Int {
        try await read { connection in
            try await connection.query("SELECT count(*) AS n FROM dead_letters", []).first?.column("n")?.integer ?? 0
        }
    }

    /// Whether the change at stream sequence `sequence` is in the dead letters already.
    public func isDeadLettered(sequence: UInt64) async throws -> Bool {
        try await read { connection in
            try await !connection.query("SELECT 1 FROM dead_letters WHERE stream_seq = ? LIMIT 1", [.integer(Int(sequence))]).isEmpty
        }
    }

    /// The reasons of the dead letters, oldest first.
    public func deadLetterReasons() async throws -> [String] {
        try await read { connection in
            try await connection.query("SELECT reason FROM dead_letters ORDER BY id", []).compactMap { $0.column("reason")?.string }
        }
    }
}
