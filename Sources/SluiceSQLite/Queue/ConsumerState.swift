import SQLiteNIO

/// A consumer's settings and position as stored.
struct ConsumerState: Sendable {
    var name: String
    var filter: SubjectFilter
    var maxDeliver: Int?
    var ackWaitMilliseconds: Int64
    var cursor: Int64

    /// Reads consumer `name`; throws ``SluiceSQLiteError/Code/consumerNotFound`` when there is none.
    static func load(_ name: String, on connection: SQLiteConnection) async throws -> ConsumerState {
        let rows = try await connection.query(
            "SELECT filter, max_deliver, ack_wait_ms, cursor FROM sluice_queue_consumer WHERE name = ?",
            [.text(name)]
        )
        guard let row = rows.first else {
            throw SluiceSQLiteError(.consumerNotFound, "no queue consumer named '\(name)'")
        }
        return ConsumerState(
            name: name,
            filter: try SubjectFilter(try row.string("filter")),
            maxDeliver: row.column("max_deliver")?.integer.map { Int($0) },
            ackWaitMilliseconds: try row.int64("ack_wait_ms"),
            cursor: try row.int64("cursor")
        )
    }

    /// Whether a message delivered `deliveries` times may not be delivered again.
    func isExhausted(deliveries: Int) -> Bool {
        maxDeliver.map { deliveries >= $0 } ?? false
    }
}
