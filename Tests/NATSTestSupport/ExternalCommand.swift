import Dispatch
import Foundation

/// Runs a command-line tool (openssl, python3…) to completion, off the Swift concurrency thread pool.
public enum ExternalCommand {
    /// What a finished command left behind.
    public struct Result: Sendable {
        /// The exit status.
        public var status: Int32
        /// Standard output and standard error, interleaved.
        public var output: String
    }

    /// Finds `name` in `PATH`, or returns `nil`.
    public static func find(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs `executable` with `arguments` in `directory` and waits for it to exit.
    public static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try runBlocking(executable, arguments, in: directory) })
            }
        }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String], in directory: String?) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
