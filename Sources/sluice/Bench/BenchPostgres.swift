import EmbeddedNATS
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster for a benchmark: `initdb` into a directory, `pg_ctl start` on a free loopback port
/// (as the `postgres` user when running as root), trust authentication; ``stop()`` shuts it down. Durability settings
/// are PostgreSQL's defaults (fsync on).
struct BenchPostgres {
    let directory: String
    let port: Int
    private let binDirectory: String
    private let asPostgres: Bool

    /// `postgres://postgres@127.0.0.1:<port>/postgres`.
    var url: String { "postgres://postgres@127.0.0.1:\(port)/postgres" }

    /// Creates and starts a cluster in `directory`.
    static func start(in directory: String) throws -> BenchPostgres {
        let binDirectory = try locate()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let asPostgres = getuid() == 0
        if asPostgres {
            try FileManager.default.setAttributes([.ownerAccountName: "postgres", .groupOwnerAccountName: "postgres"], ofItemAtPath: directory)
        }
        let server = BenchPostgres(directory: directory, port: try LoopbackProbe.freePort(), binDirectory: binDirectory, asPostgres: asPostgres)
        try server.run("initdb", ["-D", directory + "/data", "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"])
        let options = "-p \(server.port) -c listen_addresses=127.0.0.1 -k \(directory) -c max_connections=100"
        try server.run("pg_ctl", ["-D", directory + "/data", "-l", directory + "/postgres.log", "-o", options, "-w", "-t", "60", "start"])
        return server
    }

    /// Stops the cluster (fast shutdown).
    func stop() {
        try? run("pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "stop"])
    }

    /// Runs one of PostgreSQL's programs to completion, output to a file (`pg_ctl start` leaves the server holding
    /// the descriptors it inherited, so a pipe would never end).
    private func run(_ program: String, _ arguments: [String]) throws {
        let executable = binDirectory + "/" + program
        let command = asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--", executable] + arguments : [executable] + arguments
        let output = directory + "/\(program).out"
        let status = try ChildProcess.runToExit(command, output: output)
        guard status == 0 else {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            throw BenchFailure("\(program) failed: \(text)")
        }
    }

    /// `POSTGRES_BIN`, else Debian's newest `/usr/lib/postgresql/<version>/bin`.
    private static func locate() throws -> String {
        if let directory = ProcessInfo.processInfo.environment["POSTGRES_BIN"], FileManager.default.isExecutableFile(atPath: directory + "/initdb") {
            return directory
        }
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).compactMap { Int($0) }.sorted(by: >)
        for version in versions where FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\(version)/bin/initdb") {
            return "/usr/lib/postgresql/\(version)/bin"
        }
        throw BenchFailure("PostgreSQL is not installed: run scripts/setup (apt-get install postgresql), or pass --postgres URL")
    }
}
