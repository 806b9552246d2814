import Foundation
import Synchronization

/// The `sluice` binary built beside the tests, run as a user runs it: in a directory, with arguments, reading
/// its output as it comes and sending it signals.
final class SluiceProcess: Sendable {
    private let process: Process
    private let output = OutputBuffer()

    /// The `sluice` executable next to the test bundle (`swift test` builds every product).
    static var executable: String {
        get throws { try executable(named: "sluice") }
    }

    /// The executable `name` (`sluice`, `sluice-sync`, …) next to the test bundle; a path (`/usr/bin/env`) as it is.
    static func executable(named name: String) throws -> String {
        if name.hasPrefix("/") { return name }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        throw CLITestFailure("the \(name) binary is not built next to the tests; run `swift build` first")
    }

    /// Starts `executable arguments…` (by default `sluice`) in `directory`.
    init(_ arguments: [String], in directory: String, environment: [String: String] = [:], executable: String = "sluice") throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.executable(named: executable))
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        let output = self.output
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                // End of the output: stop watching the pipe now. A handler left in place is called again and again at
                // the end, and its dispatch source outlives the descriptor once the handle closes, which can crash
                // libdispatch's event thread.
                handle.readabilityHandler = nil
                return
            }
            output.append(data)
        }
        try process.run()
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// Everything printed so far (stdout and stderr).
    var text: String { output.text }

    /// Waits until the output contains `needle`, or fails after `timeout`.
    @discardableResult
    func waitForOutput(_ needle: String, timeout: Duration = .seconds(60)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = self.text
            if text.contains(needle) { return text }
            if !process.isRunning, !self.text.contains(needle) {
                throw CLITestFailure("sluice exited (\(process.terminationStatus)) before printing \"\(needle)\":\n\(text)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CLITestFailure("timed out waiting for \"\(needle)\" in:\n\(text)")
    }

    /// Sends a signal (SIGINT, SIGTERM…).
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Whether the process has not exited yet.
    var isRunning: Bool { process.isRunning }

    /// SIGKILL, only while it still runs (an exited process's id may already belong to another): cleanup after a
    /// test that failed before stopping it.
    func killIfRunning() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Waits for the process to exit and returns its status; kills it after `timeout`.
    func waitForExit(timeout: Duration = .seconds(60)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                kill(process.processIdentifier, SIGKILL)
                throw CLITestFailure("sluice did not exit within \(timeout):\n\(text)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// What a process printed, appended to from the pipe's handler.
final class OutputBuffer: Sendable {
    private let storage = Mutex("")
    func append(_ data: Data) { storage.withLock { $0 += String(decoding: data, as: UTF8.self) } }
    var text: String { storage.withLock { $0 } }
}

struct CLITestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
