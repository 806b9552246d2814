import ArgumentParser
import FoundationEssentials
import Logging
import PostgresNIO
import SQLiteNIO
import SluiceBridgePostgres
import SluiceBridgeSQLite

/// `sluice migrate`: creates or upgrades the bridge's outbox and inbox tables.
public struct MigrateCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the JetStream bridge's outbox and inbox tables.",
        discussion: """
            Applies the schema versions the database lacks (tables jetstream_outbox_events and jetstream_inbox_events, \
            their indexes, and the trigger that notifies the outbox relay), in one transaction; running it again does \
            nothing. --print writes the same SQL instead (for PostgreSQL, or SQLite with --sqlite), every statement \
            idempotent, for your own migration tool. \
            The columns are described in docs/bridge.md.
            """
    )

    @Option(name: .customLong("postgres"), help: "The database: postgres://user:password@host:5432/database[?sslmode=require].")
    var postgresURL: String?

    @Option(name: .customLong("sqlite"), help: "Or an SQLite file (created when missing).")
    var sqlitePath: String?

    @Flag(name: .customLong("print"), help: "Write the SQL to standard output instead of applying it.")
    var printSQL = false

    public func validate() throws {
        if postgresURL != nil && sqlitePath != nil {
            throw ValidationError("give either --postgres or --sqlite, not both")
        }
        if postgresURL == nil && sqlitePath == nil && !printSQL {
            throw ValidationError("name the database with --postgres URL or --sqlite PATH, or use --print")
        }
    }

    public init() {}

    public func run() async throws {
        if printSQL {
            print(sqlitePath == nil ? PostgresBridgeSchema.script : SQLiteBridgeSchema.script, terminator: "")
            return
        }
        if let sqlitePath {
            let connection = try await SQLiteConnection.open(storage: .file(path: sqlitePath))
            let applied: [Int]
            do {
                applied = try await SQLiteBridgeSchema.migrate(connection)
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
            report(applied, latest: SQLiteBridgeSchema.latestVersion)
            return
        }
        guard let postgresURL else { return }
        let logger = Logger(label: "sluice.migrate")
        let client = PostgresClient(configuration: try PostgresClient.Configuration(url: postgresURL), backgroundLogger: logger)
        let applied = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await PostgresBridgeSchema.migrate(client, logger: logger)
        }
        report(applied, latest: PostgresBridgeSchema.latestVersion)
    }

    private func report(_ applied: [Int], latest: Int) {
        if applied.isEmpty {
            print("up to date: schema version \(latest)")
        } else {
            print("applied schema version(s) \(applied.map(String.init).joined(separator: ", "))")
        }
    }
}
