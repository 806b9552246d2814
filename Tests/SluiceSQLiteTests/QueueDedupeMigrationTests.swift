import Foundation
import NATSTestSupport
import SQLiteNIO
import Testing

@testable import SluiceSQLite

/// A file written before ids were kept per subject: its remembered ids move to the new table on open.
@Suite(.timeLimit(.minutes(1))) struct QueueDedupeMigrationTests {
    @Test func idsOfTheFileWideTableAreKeptUnderTheirMessagesSubjects() async throws {
        try await withTemporaryDirectory { directory in
            let clock = ManualWallClock()
            let path = directory + "/queue.sqlite"
            var queue = try await openQueue(path: path, clock: clock)
            try await queue.addConsumer("worker")
            try await queue.publish("orders", "order 1", messageID: "id-1")
            try await queue.close()

            // Turn the file into what an older version wrote: one table of ids for the whole file.
            let connection = try await SQLiteConnection.open(storage: .file(path: path))
            _ = try await connection.query(
                "CREATE TABLE sluice_queue_dedupe (message_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, published_at INTEGER NOT NULL)"
            )
            _ = try await connection.query("INSERT INTO sluice_queue_dedupe SELECT message_id, seq, published_at FROM sluice_queue_recent_id")
            _ = try await connection.query("DELETE FROM sluice_queue_recent_id")
            try await connection.close()

            queue = try await openQueue(path: path, clock: clock)
            #expect(try await queue.publish("orders", "order 1 again", messageID: "id-1").duplicate)
            let invoice = try await queue.publish("invoices", "invoice 1", messageID: "id-1")
            #expect(!invoice.duplicate)
            #expect(try await queue.fetch(consumer: "worker", batch: 10).map(\.text) == ["order 1", "invoice 1"])
            try await queue.close()

            let check = try await SQLiteConnection.open(storage: .file(path: path))
            let old = try await check.query("SELECT name FROM sqlite_master WHERE name = 'sluice_queue_dedupe'")
            try await check.close()
            #expect(old.isEmpty, "the old table is dropped")
        }
    }
}
