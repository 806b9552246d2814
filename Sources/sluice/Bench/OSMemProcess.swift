import EmbeddedNATS
import Foundation

/// An `osmem-server` (the in-memory OpenSearch-compatible server from PyPI) started for a benchmark on a free
/// loopback port, and stopped with it.
final class OSMemProcess: Sendable {
    let url: String
    private let process: Process
    private let stdin: Pipe

    private init(url: String, process: Process, stdin: Pipe) {
        self.url = url
        self.process = process
        self.stdin = stdin
    }

    /// Starts a server and waits until `GET /` answers.
    ///
    /// - Throws: ``BenchFailure`` when `osmem-server` is not installed or does not answer.
    static func start() async throws -> OSMemProcess {
        let executable = try locate()
        let port = try LoopbackProbe.freePort()
        let process = Process()
        let stdin = Pipe()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-addr", "127.0.0.1:\(port)", "-parent-pid", "\(getpid())", "-no-ja"]
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let server = OSMemProcess(url: "http://127.0.0.1:\(port)", process: process, stdin: stdin)
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let response = await LoopbackProbe.httpGet(port: port, path: "/"), response.status == 200 { return server }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        server.stop()
        throw BenchFailure("osmem-server did not answer on port \(port)")
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// `OSMEM_SERVER`, else `scripts/setup --which osmem-server` in the working directory, else `PATH`.
    private static func locate() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["OSMEM_SERVER"], FileManager.default.isExecutableFile(atPath: path) { return path }
        if FileManager.default.isExecutableFile(atPath: "scripts/setup") {
            let process = Process()
            let output = Pipe()
            process.executableURL = URL(fileURLWithPath: "scripts/setup")
            process.arguments = ["--which", "osmem-server"]
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try? process.run()
            process.waitUntilExit()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let path = text.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if process.terminationStatus == 0, FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(directory)/osmem-server"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw BenchFailure("osmem-server is not installed: run scripts/setup, or pip install osmem-server and set OSMEM_SERVER")
    }
}
