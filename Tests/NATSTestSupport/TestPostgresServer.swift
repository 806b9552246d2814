import EmbeddedNATS
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real, throwaway PostgreSQL cluster for one test: `initdb` into a temp directory, `pg_ctl start` on a free
/// loopback port, user `postgres` with trust authentication, database `postgres`.
///
/// The programs come from `POSTGRES_BIN` when set, else Debian's `/usr/lib/postgresql/<version>/bin`, else `initdb`
/// on `PATH`. PostgreSQL refuses to run as root, so a test running as root runs them as the `postgres` user
/// (`runuser`), in a directory it owns. If PostgreSQL is not installed, starting fails with an error that says how
/// to install it; tests fail rather than skip.
///
/// ```swift
/// try await TestPostgresServer.withServer { postgres in
///     let client = PostgresClient(configuration: .init(host: postgres.host, port: postgres.port, username: postgres.username,
///                                                      password: nil, database: postgres.database, tls: .disable), …)
/// }
/// ```
public final class TestPostgresServer: Sendable {
    /// The temp directory holding the cluster (`data/`), its log and its socket; removed by ``stop()``.
    public let directory: String
    /// The port it listens on, on `127.0.0.1`.
    public let port: Int
    /// The loopback address.
    public let host = "127.0.0.1"
    /// The superuser, with trust authentication.
    public let username = "postgres"
    /// The database to use.
    public let database = "postgres"
    private let binDirectory: String
    private let runAsPostgres: Bool

    private init(directory: String, port: Int, binDirectory: String, runAsPostgres: Bool) {
        self.directory = directory
        self.port = port
        self.binDirectory = binDirectory
        self.runAsPostgres = runAsPostgres
    }

    /// `postgres://postgres@127.0.0.1:<port>/postgres`.
    public var url: String { "postgres://\(username)@\(host):\(port)/\(database)" }

    /// The server's log file.
    public var logFile: String { directory + "/postgres.log" }

    /// Creates a cluster in a new temp directory and starts it.
    public static func start() async throws -> TestPostgresServer {
        let binDirectory = try findBinaries()
        let directory = try TestDirectory.make(prefix: "pg")
        let runAsPostgres = getuid() == 0
        if runAsPostgres {
            try FileManager.default.setAttributes([.ownerAccountName: "postgres", .groupOwnerAccountName: "postgres"], ofItemAtPath: directory)
        }
        let server = TestPostgresServer(
            directory: directory,
            port: try LoopbackProbe.freePort(),
            binDirectory: binDirectory,
            runAsPostgres: runAsPostgres
        )
        do {
            try await server.run("initdb", ["-D", directory + "/data", "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"])
            try await server.startServer()
            return server
        } catch {
            TestDirectory.remove(directory)
            throw error
        }
    }

    /// Starts a cluster, runs `body` with it, and stops it and removes its directory however `body` ends.
    public static func withServer<Result>(_ body: (TestPostgresServer) async throws -> Result) async throws -> Result {
        let server = try await start()
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Stops the server (fast shutdown) and removes its directory.
    public func stop() async {
        _ = try? await run("pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "stop"])
        TestDirectory.remove(directory)
    }

    /// Stops the server (fast shutdown: sessions are ended, connections refused) but keeps its data, so that
    /// ``startAgain()`` brings it back on the same port: a database restart, as a test of what survives one sees it.
    public func shutDown() async throws {
        try await run("pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "stop"])
    }

    /// Starts the server again after ``shutDown()``, on the same port, with the same data.
    public func startAgain() async throws {
        try await startServer()
    }

    /// The path of one of the server's programs (`psql`, `pg_dump`…), or `nil` when it is not installed.
    public func programPath(_ name: String) -> String? {
        let path = binDirectory + "/" + name
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Runs `sql` through `psql` (stopping at the first error), as a migration tool would.
    public func runSQL(_ sql: String, psql: String) async throws -> ExternalCommand.Result {
        let file = directory + "/script-\(UUID().uuidString).sql"
        try sql.write(toFile: file, atomically: true, encoding: .utf8)
        return try await ExternalCommand.run(
            psql,
            ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", String(port), "-U", username, "-d", database, "-f", file]
        )
    }

    private func startServer() async throws {
        let options = "-p \(port) -c listen_addresses=\(host) -k \(directory) -c fsync=off -c full_page_writes=off -c max_connections=200"
        try await run("pg_ctl", ["-D", directory + "/data", "-l", logFile, "-o", options, "-w", "-t", "60", "start"])
    }

    /// Runs one of the server's programs (as `postgres` when running as root) and waits for it, its output going to
    /// a file: `pg_ctl start` leaves the server running with the descriptors it inherited, so a pipe would never
    /// reach its end.
    @discardableResult
    private func run(_ program: String, _ arguments: [String]) async throws -> String {
        let executable = binDirectory + "/" + program
        let command = runAsPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--", executable] + arguments : [executable] + arguments
        let outputFile = directory + "/\(program)-\(UUID().uuidString).out"
        let status = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try ChildProcess.runToExit(command, output: outputFile) })
            }
        }
        let output = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: outputFile)
        guard status == 0 else {
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            throw TestSupportError("\(program) \(arguments.joined(separator: " ")) failed (\(status)): \(output)\n\(log.suffix(2000))")
        }
        return output
    }

    /// The directory holding `initdb`, `pg_ctl` and `postgres`.
    private static func findBinaries() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let directory = environment["POSTGRES_BIN"], FileManager.default.isExecutableFile(atPath: directory + "/initdb") {
            return directory
        }
        let debian = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: debian)) ?? [])
            .compactMap { Int($0) }
            .sorted(by: >)
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(debian)/\(version)/bin/initdb") {
            return "\(debian)/\(version)/bin"
        }
        if let initdb = ExternalCommand.find("initdb", environment: environment) {
            return URL(fileURLWithPath: initdb).resolvingSymlinksInPath().deletingLastPathComponent().path
        }
        throw TestSupportError(
            "PostgreSQL is not installed (no initdb in POSTGRES_BIN, /usr/lib/postgresql/*/bin or PATH): run scripts/setup, or apt-get install postgresql"
        )
    }
}
