import Foundation
import NATSTestSupport
import SQLiteNIO
import SluiceBridgeSQLite
import Testing

@Suite struct SQLiteSchemaTests {
    @Test func migratingTwiceAppliesTheSchemaOnce() async throws {
        let directory = try TestDirectory.make(prefix: "bridge-migrate")
        defer { TestDirectory.remove(directory) }
        let connection = try await SQLiteConnection.open(storage: .file(path: "\(directory)/a.sqlite"))
        #expect(try await SQLiteBridgeSchema.migrate(connection) == [1])
        #expect(try await SQLiteBridgeSchema.migrate(connection) == [])
        try await connection.close()
        // The printed script applies to a fresh file, and again to the same one.
        let scripted = try await SQLiteConnection.open(storage: .file(path: "\(directory)/b.sqlite"))
        let script = SQLiteBridgeSchema.script.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n")
        for _ in 0..<2 {
            for statement in script.components(separatedBy: ";\n") {
                let sql = statement.trimmingCharacters(in: .whitespacesAndNewlines)
                if !sql.isEmpty { _ = try await scripted.query(sql) }
            }
        }
        let tables = try await scripted.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'jetstream%' ORDER BY name")
        #expect(
            tables.compactMap { $0.column("name")?.string } == [
                "jetstream_bridge_schema_migrations", "jetstream_inbox_events", "jetstream_outbox_events",
            ]
        )
        try await scripted.close()
    }
}
