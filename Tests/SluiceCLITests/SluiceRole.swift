import Foundation
import Synchronization

/// A `sluice` process that a test crashes and starts again with the same arguments, as a supervisor would: a process
/// that exits by itself (a start that failed while a NATS node restarted, say) is started again half a second later,
/// and each such exit is printed with the end of its output.
final class SluiceRole: Sendable {
    let name: String
    let arguments: [String]
    let directory: String
    let environment: [String: String]
    private let state = Mutex(State())

    private struct State {
        var process: SluiceProcess?
        /// Set while the test itself ends the process, so the supervision does not start it again.
        var ending = false
    }

    /// A role run as `sluice arguments…` in `directory`.
    init(_ name: String, arguments: [String], directory: String, environment: [String: String] = [:]) {
        self.name = name
        self.arguments = arguments
        self.directory = directory
        self.environment = environment
    }

    func start() throws {
        let started = try SluiceProcess(arguments, in: directory, environment: environment)
        state.withLock { state in
            state.process = started
            state.ending = false
        }
        Task { await self.supervise(started) }
    }

    /// Starts `process` again if it exits while it is still the role's process and the test did not end it.
    private func supervise(_ process: SluiceProcess) async {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
        let unexpected = state.withLock { $0.process === process && !$0.ending }
        guard unexpected else { return }
        print("\(name) exited by itself; starting it again. Its last output:\n\(process.text.suffix(1500))")
        try? await Task.sleep(for: .milliseconds(500))
        let stillUnexpected = state.withLock { $0.process === process && !$0.ending }
        if stillUnexpected { try? start() }
    }

    /// SIGKILL, as a crash would, then start again.
    func crashAndRestart() async throws {
        let running = state.withLock { state in
            state.ending = true
            return state.process
        }
        running?.send(SIGKILL)
        _ = try await running?.waitForExit()
        try start()
    }

    /// SIGTERM, and the exit status once the process drained.
    func stop() async throws -> Int32? {
        let running = state.withLock { state in
            state.ending = true
            return state.process
        }
        running?.send(SIGTERM)
        return try await running?.waitForExit()
    }

    /// Cleanup after a test that failed before stopping it.
    func killIfRunning() {
        state.withLock { state in
            state.ending = true
            state.process?.killIfRunning()
        }
    }

    /// What the current process printed.
    var output: String { state.withLock { $0.process?.text ?? "" } }
}
