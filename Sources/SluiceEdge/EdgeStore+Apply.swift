import Foundation
import SQLiteNIO

/// A change with the stream sequence it was stored at.
public struct SequencedChange: Sendable {
    /// The stream sequence.
    public var sequence: UInt64
    /// The change.
    public var change: TupleChange

    /// Creates one.
    public init(sequence: UInt64, change: TupleChange) {
        self.sequence = sequence
        self.change = change
    }
}

extension EdgeStore {
    /// Applies changes, in order, in one transaction with their stream sequences, skipping those already applied.
    ///
    /// The tuples' end state is what applying the changes one by one gives: for each tuple the last write or delete wins.
    /// - Returns: The sequences applied now; the others had been applied before.
    @discardableResult
    public func apply(_ changes: [SequencedChange]) async throws -> Set<UInt64> {
        guard !changes.isEmpty else { return [] }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        return try await write { connection in
            var fresh: Set<UInt64> = []
            for chunk in changes.chunked(by: 200) {
                let placeholders = Array(repeating: "(?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
                var binds: [SQLiteData] = []
                for item in chunk {
                    binds += [.integer(Int(item.sequence)), .text(item.change.storeID), .text(item.change.changeID), .integer(Int(now))]
                }
                let rows = try await connection.query(
                    "INSERT INTO applied_changes (stream_seq, store_id, change_id, applied_at) VALUES \(placeholders) ON CONFLICT DO NOTHING RETURNING stream_seq",
                    binds
                )
                for row in rows { if let value = row.column("stream_seq")?.integer { fresh.insert(UInt64(value)) } }
            }
            var present: [TupleRow: Bool] = [:]
            var order: [TupleRow] = []
            var positions: [String: (seq: UInt64, count: Int)] = [:]
            for item in changes where fresh.contains(item.sequence) {
                let store = item.change.storeID
                for key in item.change.deletes { mark(TupleRow(store, key), false, &present, &order) }
                for key in item.change.writes { mark(TupleRow(store, key), true, &present, &order) }
                let position = positions[store] ?? (0, 0)
                positions[store] = (max(position.seq, item.sequence), position.count + 1)
            }
            let deleted = order.filter { present[$0] == false }
            let written = order.filter { present[$0] == true }
            for chunk in deleted.chunked(by: 200) {
                let placeholders = Array(repeating: "(?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
                try await connection.query(
                    "DELETE FROM tuples WHERE (store_id, object, relation, user) IN (VALUES \(placeholders))",
                    chunk.flatMap(\.binds)
                )
            }
            for chunk in written.chunked(by: 200) {
                let placeholders = Array(repeating: "(?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
                try await connection.query(
                    "INSERT OR IGNORE INTO tuples (store_id, object, relation, user) VALUES \(placeholders)",
                    chunk.flatMap(\.binds)
                )
            }
            for (store, position) in positions {
                try await connection.query(
                    """
                    INSERT INTO store_positions (store_id, last_seq, changes, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (store_id) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq),
                        changes = changes + excluded.changes, updated_at = excluded.updated_at
                    """,
                    [.text(store), .integer(Int(position.seq)), .integer(position.count), .integer(Int(now))]
                )
            }
            return fresh
        }
    }

    private func mark(_ row: TupleRow, _ value: Bool, _ present: inout [TupleRow: Bool], _ order: inout [TupleRow]) {
        if present.updateValue(value, forKey: row) == nil { order.append(row) }
    }

    /// Keeps a change that cannot be applied, with the reason.
    public func deadLetter(sequence: UInt64, subject: String, storeID: String?, reason: String, deliveries: Int, payload: [UInt8]) async throws {
        try await write { connection in
            try await connection.query(
                "INSERT INTO dead_letters (stream_seq, subject, store_id, reason, deliveries, payload, failed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    .integer(Int(sequence)), .text(subject), storeID.map { .text($0) } ?? .null, .text(reason), .integer(deliveries),
                    .blob(.init(bytes: payload)), .integer(Int(Date().timeIntervalSince1970 * 1000)),
                ]
            )
        }
    }

    /// Removes a store's tuples, applied sequences and position, before it is filled again from the stream.
    public func clear(store: String) async throws {
        try await write { connection in
            for table in ["tuples", "applied_changes", "store_positions"] {
                try await connection.query("DELETE FROM \(table) WHERE store_id = ?", [.text(store)])
            }
        }
    }
}

/// One tuple of one store, as a row.
struct TupleRow: Hashable, Sendable {
    var store: String
    var object: String
    var relation: String
    var user: String

    init(_ store: String, _ key: TupleKey) {
        self.store = store
        self.object = key.object
        self.relation = key.relation
        self.user = key.user
    }

    var binds: [SQLiteData] { [.text(store), .text(object), .text(relation), .text(user)] }
}

extension Array {
    /// The elements in consecutive slices of at most `size`.
    func chunked(by size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
