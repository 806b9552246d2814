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

/// A real `osmem-server` (an in-memory server that answers as OpenSearch 3) for one test, on loopback.
///
/// ```swift
/// try await TestOSMemServer.withServer { server in
///     let client = try await ElasticsearchClient.connect(.init(url: server.url))
///     …
/// }
/// ```
///
/// Several servers can run side by side (a source and a target cluster). ``stop()`` and ``start()`` take one
/// down and bring it back on the same port, for outage tests; osmem keeps everything in memory, so a restarted
/// server starts empty. If `osmem-server` is not installed, starting fails with an error that says how to
/// install it; tests fail rather than skip.
public final class TestOSMemServer: Sendable {
    /// How to install `osmem-server`, for error messages.
    public static let installHint =
        "Install it with `scripts/setup` (from the Sluice source tree) or `pip install osmem-server`, "
        + "or set OSMEM_SERVER to the path of the osmem-server binary."

    /// The binary in use.
    public let executable: String
    /// The loopback port, kept across ``stop()`` and ``start()``.
    public let port: Int
    /// The temp directory holding the server's log; removed by ``stop(removingDirectory:)``.
    public let directory: String
    /// Whether the server loads its Japanese analysis (kuromoji), which costs about a second at the first index
    /// creation; off unless asked for.
    public let japaneseAnalysis: Bool
    /// The server's standard output and error, appended across restarts.
    public var logFile: String { "\(directory)/osmem-server.log" }

    private let running: Mutex<Running?>

    private struct Running {
        var process: Process
        /// The write end of the child's stdin; while it is open the child lives (osmem exits when stdin closes,
        /// so a crashed test process does not leave servers behind).
        var stdin: Pipe
        var log: FileHandle
    }

    private init(executable: String, port: Int, directory: String, japaneseAnalysis: Bool) {
        self.executable = executable
        self.port = port
        self.directory = directory
        self.japaneseAnalysis = japaneseAnalysis
        self.running = Mutex(nil)
    }

    deinit {
        running.withLock { running in
            if let process = running?.process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    /// The base URL, e.g. `http://127.0.0.1:54321`.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Whether the server process is running.
    public var isRunning: Bool { running.withLock { $0?.process.isRunning ?? false } }

    /// Starts a server on `port` (default: a free one) and waits until `GET /` answers.
    ///
    /// - Parameters:
    ///   - port: The loopback port; default a free one.
    ///   - japaneseAnalysis: Whether Japanese analyzers are available (slower first index creation). Default `false`.
    ///   - timeout: How long to wait for `GET /` to answer. Default 20 s.
    /// - Throws: ``TestSupportError`` with install instructions when `osmem-server` is not found, or with the
    ///   server's log when it exits or does not answer within `timeout`.
    public static func start(port: Int? = nil, japaneseAnalysis: Bool = false, timeout: Duration = .seconds(20)) async throws -> TestOSMemServer {
        let executable = try await locate()
        let directory = try TestDirectory.make(prefix: "osmem")
        var attempt = 0
        while true {
            attempt += 1
            let server = TestOSMemServer(
                executable: executable,
                port: try port ?? LoopbackProbe.freePort(),
                directory: directory,
                japaneseAnalysis: japaneseAnalysis
            )
            do {
                try await server.start(timeout: timeout)
                return server
            } catch let error as TestSupportError where port == nil && attempt < 3 && error.message.contains("address already in use") {
                await server.stop(removingDirectory: false)
            } catch {
                await server.stop()
                throw error
            }
        }
    }

    /// Starts a server, runs `body` with it, and stops it however `body` ends.
    public static func withServer<Result>(_ body: (TestOSMemServer) async throws -> Result) async throws -> Result {
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

    /// Starts the server process (again) on ``port`` and waits until `GET /` answers. Does nothing if it runs.
    public func start(timeout: Duration = .seconds(20)) async throws {
        try launch()
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            guard isRunning else {
                throw TestSupportError("osmem-server (\(executable)) exited during startup on port \(port). Log \(logFile):\n\(recentLog())")
            }
            if let response = await LoopbackProbe.httpGet(port: port, path: "/"), response.status == 200 { return }
            guard clock.now < deadline else {
                await stop(removingDirectory: false)
                throw TestSupportError("osmem-server on port \(port) did not answer GET / within \(timeout). Log \(logFile):\n\(recentLog())")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Freezes the server (SIGSTOP), as a hung node or a network partition would: connections are accepted by the
    /// kernel but nothing answers, and its data stays. ``resume()`` lets it go on.
    public func suspend() {
        if let pid = running.withLock({ $0?.process.processIdentifier }) { kill(pid, SIGSTOP) }
    }

    /// Lets a ``suspend()``ed server go on (SIGCONT).
    public func resume() {
        if let pid = running.withLock({ $0?.process.processIdentifier }) { kill(pid, SIGCONT) }
    }

    /// Stops the server: SIGTERM, then SIGKILL after 5 seconds. Its data is gone (osmem is in memory).
    ///
    /// - Parameter removingDirectory: Whether the log directory is removed too. Default `true`; pass `false` to
    ///   ``start()`` it again later.
    public func stop(removingDirectory: Bool = true) async {
        let current = running.withLock { running -> Running? in
            defer { running = nil }
            return running
        }
        if let current {
            let pid = current.process.processIdentifier
            if current.process.isRunning { kill(pid, SIGTERM) }
            // An unstructured task does not inherit the caller's cancellation: a stop is cleanup.
            await Task {
                let clock = ContinuousClock()
                let deadline = clock.now.advanced(by: .seconds(5))
                while current.process.isRunning, clock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(10))
                }
                if current.process.isRunning {
                    kill(pid, SIGKILL)
                    while current.process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
                }
            }.value
            try? current.stdin.fileHandleForWriting.close()
            try? current.log.close()
        }
        if removingDirectory { TestDirectory.remove(directory) }
    }

    /// Stops the server and starts it again, empty, on the same port.
    public func restart() async throws {
        await stop(removingDirectory: false)
        try await start()
    }

    /// The last `lines` lines of the server's log, for failure messages.
    public func recentLog(lines: Int = 30) -> String {
        guard let data = FileManager.default.contents(atPath: logFile) else { return "" }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    private func launch() throws {
        try running.withLock { running in
            if let process = running?.process, process.isRunning { return }
            if !FileManager.default.fileExists(atPath: logFile) {
                _ = FileManager.default.createFile(atPath: logFile, contents: nil)
            }
            guard let log = FileHandle(forWritingAtPath: logFile) else {
                throw TestSupportError("Cannot open \(logFile) for osmem-server's output.")
            }
            log.seekToEndOfFile()
            let stdin = Pipe()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["-addr", "127.0.0.1:\(port)", "-parent-pid", "\(getpid())"] + (japaneseAnalysis ? [] : ["-no-ja"])
            process.standardInput = stdin
            process.standardOutput = log
            process.standardError = log
            do {
                try process.run()
            } catch {
                try? log.close()
                throw TestSupportError("Cannot run \(executable): \(error). \(Self.installHint)")
            }
            running = Running(process: process, stdin: stdin, log: log)
        }
    }

    // MARK: Finding the binary

    /// One search per test process, shared by every caller (tests start servers in parallel).
    private static let locating = Mutex<Task<String, any Error>?>(nil)

    /// The path of `osmem-server`: `OSMEM_SERVER`, else what `scripts/setup --which osmem-server` prints, else
    /// `osmem-server` on `PATH`.
    ///
    /// - Throws: ``TestSupportError`` with install instructions when none is found.
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
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["OSMEM_SERVER"], !explicit.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw TestSupportError("OSMEM_SERVER is set to \(explicit), which is not an executable file. \(installHint)")
            }
            return explicit
        }
        let setup = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/setup").path
        if FileManager.default.isExecutableFile(atPath: setup),
            let result = try? await ExternalCommand.run(setup, ["--which", "osmem-server"]), result.status == 0
        {
            let path = result.output.split(separator: "\n").last.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        if let path = ExternalCommand.find("osmem-server") { return path }
        throw TestSupportError("osmem-server was not found (looked at OSMEM_SERVER, scripts/setup --which osmem-server and PATH). \(installHint)")
    }
}
