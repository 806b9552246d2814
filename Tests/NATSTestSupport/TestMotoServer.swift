import EmbeddedNATS
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A real `moto_server` (moto's AWS services, SQS among them, in memory) for one test, on a free loopback port.
///
/// ```swift
/// try await TestMotoServer.withServer { moto in
///     let sqs = try SQSClient(endpoint: moto.url, region: "us-east-1", credentials: TestMotoServer.credentials…)
/// }
/// ```
///
/// moto accepts any credentials and keeps everything in memory, so every server starts empty. If `moto_server` is
/// not installed, starting fails with an error that says how to install it; tests fail rather than skip.
public final class TestMotoServer: Sendable {
    /// How to install moto, for error messages.
    public static let installHint =
        "Install it with `scripts/setup` (from the Sluice source tree) or `pip install 'moto[server]'`, "
        + "or set MOTO_SERVER to the path of the moto_server script."
    /// The access key id tests sign with; moto accepts any.
    public static let accessKeyID = "testing"
    /// The secret access key tests sign with.
    public static let secretAccessKey = "testing"
    /// The region tests use.
    public static let region = "us-east-1"

    /// The program in use.
    public let executable: String
    /// The loopback port.
    public let port: Int
    /// The temp directory holding the server's log.
    public let directory: String
    private let process: Mutex<Process?>

    /// The server's standard output and error.
    public var logFile: String { "\(directory)/moto.log" }
    /// The endpoint URL, e.g. `http://127.0.0.1:54321`.
    public var url: String { "http://127.0.0.1:\(port)" }

    private init(executable: String, port: Int, directory: String) {
        self.executable = executable
        self.port = port
        self.directory = directory
        self.process = Mutex(nil)
    }

    deinit {
        process.withLock { process in
            if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    /// Starts a server on a free port and waits until moto answers on it. The port is free when chosen but not held
    /// while moto starts (a second or two), so another test's listener can take it first: then moto exits, and a new
    /// port is tried (three in all). Only moto's own status page, answering 200, counts as moto answering.
    ///
    /// - Throws: ``TestSupportError`` with install instructions when `moto_server` is not found, or with its log
    ///   when it exits or does not answer within `timeout`.
    public static func start(timeout: Duration = .seconds(30)) async throws -> TestMotoServer {
        let executable = try await locate()
        var attempt = 1
        while true {
            let directory = try TestDirectory.make(prefix: "moto")
            let server = TestMotoServer(executable: executable, port: try LoopbackProbe.freePort(), directory: directory)
            do {
                try server.launch()
                if try await server.waitUntilReady(timeout: timeout) { return server }
                let log = server.recentLog()
                await server.stop()
                guard attempt < 3 else {
                    throw TestSupportError("moto_server (\(executable)) exited during startup, three times. Last log:\n\(log)")
                }
                attempt += 1
            } catch {
                await server.stop()
                throw error
            }
        }
    }

    /// Waits until moto's status page answers 200: `true`; `false` when the process exited first.
    private func waitUntilReady(timeout: Duration) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while await LoopbackProbe.httpGet(port: port, path: "/moto-api/data.json")?.status != 200 {
            guard process.withLock({ $0?.isRunning ?? false }) else { return false }
            guard clock.now < deadline else {
                throw TestSupportError("moto_server on port \(port) did not answer within \(timeout). Log:\n\(recentLog())")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return true
    }

    /// Starts a server, runs `body` with it, and stops it however `body` ends.
    public static func withServer<Result>(_ body: (TestMotoServer) async throws -> Result) async throws -> Result {
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

    /// Stops the server (SIGTERM, then SIGKILL after 5 seconds) and removes its directory.
    public func stop() async {
        if let running = process.withLock({ process -> Process? in
            defer { process = nil }
            return process
        }) {
            let pid = running.processIdentifier
            if running.isRunning { kill(pid, SIGTERM) }
            await Task {
                let clock = ContinuousClock()
                let deadline = clock.now.advanced(by: .seconds(5))
                while running.isRunning, clock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
                if running.isRunning {
                    kill(pid, SIGKILL)
                    while running.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
                }
            }.value
        }
        TestDirectory.remove(directory)
    }

    /// The last `lines` lines of the server's log, for failure messages.
    public func recentLog(lines: Int = 30) -> String {
        guard let data = FileManager.default.contents(atPath: logFile) else { return "" }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    private func launch() throws {
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        guard let log = FileHandle(forWritingAtPath: logFile) else { throw TestSupportError("Cannot open \(logFile) for moto's output.") }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: executable)
        child.arguments = ["-H", "127.0.0.1", "-p", "\(port)"]
        child.standardOutput = log
        child.standardError = log
        do {
            try child.run()
        } catch {
            throw TestSupportError("Cannot run \(executable): \(error). \(Self.installHint)")
        }
        process.withLock { $0 = child }
    }

    // MARK: Finding the program

    private static let locating = Mutex<Task<String, any Error>?>(nil)

    /// The path of `moto_server`: `MOTO_SERVER`, else what `scripts/setup --which moto-server` prints, else
    /// `moto_server` on `PATH`.
    public static func locate() async throws -> String {
        let task = locating.withLock { task in
            if let task { return task }
            let started = Task { try await Self.search() }
            task = started
            return started
        }
        return try await task.value
    }

    private static func search() async throws -> String {
        if let explicit = ProcessInfo.processInfo.environment["MOTO_SERVER"], !explicit.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw TestSupportError("MOTO_SERVER is set to \(explicit), which is not an executable file. \(installHint)")
            }
            return explicit
        }
        let setup = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/setup").path
        if FileManager.default.isExecutableFile(atPath: setup),
            let result = try? await ExternalCommand.run(setup, ["--which", "moto-server"]), result.status == 0
        {
            let path = result.output.split(separator: "\n").last.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        if let path = ExternalCommand.find("moto_server") { return path }
        throw TestSupportError("moto_server was not found (looked at MOTO_SERVER, scripts/setup --which moto-server and PATH). \(installHint)")
    }
}
