import Foundation
import Synchronization

/// A `sluice` process that a test crashes and starts again with the same arguments, as a supervisor would.
final class SluiceRole: Sendable {
    let name: String
    let arguments: [String]
    let directory: String
    let environment: [String: String]
    private let process: Mutex<SluiceProcess?> = Mutex(nil)

    /// A role run as `sluice arguments…` in `directory`.
    init(_ name: String, arguments: [String], directory: String, environment: [String: String] = [:]) {
        self.name = name
        self.arguments = arguments
        self.directory = directory
        self.environment = environment
    }

    func start() throws {
        let started = try SluiceProcess(arguments, in: directory, environment: environment)
        process.withLock { $0 = started }
    }

    /// SIGKILL, as a crash would, then start again.
    func crashAndRestart() async throws {
        let running = process.withLock { $0 }
        running?.send(SIGKILL)
        _ = try await running?.waitForExit()
        try start()
    }

    /// SIGTERM, and the exit status once the process drained.
    func stop() async throws -> Int32? {
        let running = process.withLock { $0 }
        running?.send(SIGTERM)
        return try await running?.waitForExit()
    }

    /// Cleanup after a test that failed before stopping it.
    func killIfRunning() {
        process.withLock { $0?.killIfRunning() }
    }

    /// What the current process printed.
    var output: String { process.withLock { $0?.text ?? "" } }
}
