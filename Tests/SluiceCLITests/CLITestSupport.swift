import Foundation
import NATSTestSupport
import SluiceCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What a `sluice` command that runs to completion left behind.
struct CommandResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Both streams, for failure messages.
    var output: String { "status \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
}

/// Runs `sluice` commands that end by themselves (`config check`, `dlq …`, `bench …`, `nats pub`), reading
/// standard output and standard error to their end.
enum SluiceCommand {
    /// Runs `executable arguments…` (by default `sluice`) in `directory` and waits for it to exit; kills it after
    /// `timeout`.
    static func run(
        _ arguments: [String],
        in directory: String,
        environment: [String: String] = [:],
        timeout: Duration = .seconds(120),
        executable: String = "sluice"
    ) async throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try SluiceProcess.executable(named: executable))
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let killer = Task {
            try await Task.sleep(for: timeout)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        defer { killer.cancel() }
        async let out = readToEnd(stdout.fileHandleForReading)
        async let err = readToEnd(stderr.fileHandleForReading)
        let (outText, errText) = await (out, err)
        let status = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }
        }
        return CommandResult(status: status, stdout: outText, stderr: errText)
    }

    private static func readToEnd(_ handle: FileHandle) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let data = handle.readDataToEndOfFile()
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
    }
}

/// A loopback TCP port that nothing listens on now: bound to port 0, read back, closed.
enum FreePort {
    static func claim() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CLITestFailure("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw CLITestFailure("bind() failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw CLITestFailure("getsockname() failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// An HTTP answer: the status and the body, with the body parsed as a JSON object when it is one.
struct HTTPAnswer: Sendable {
    var status: Int
    var body: String

    /// The body as JSON, or `nil` when it is not JSON.
    var json: JSONValue? { try? JSONValue.parse(Array(body.utf8)) }
}

/// Plain HTTP calls to a running `sluice`'s operations API, with URLSession.
enum HTTP {
    static func get(_ url: String) async throws -> HTTPAnswer {
        try await send("GET", url)
    }

    static func post(_ url: String, body: String = "") async throws -> HTTPAnswer {
        try await send("POST", url, body: body)
    }

    /// Sends a request; `host` replaces the `Host` header the URL implies; `token` is sent as a bearer token.
    static func send(_ method: String, _ url: String, body: String? = nil, host: String? = nil, token: String? = nil) async throws -> HTTPAnswer {
        guard let address = URL(string: url) else { throw CLITestFailure("not a URL: \(url)") }
        var request = URLRequest(url: address, timeoutInterval: 30)
        request.httpMethod = method
        if let host { request.setValue(host, forHTTPHeaderField: "Host") }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body { request.httpBody = Data(body.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return HTTPAnswer(status: status, body: String(decoding: data, as: UTF8.self))
    }

    /// Asks `url` until `condition` holds for its answer, or fails after `timeout` (a liveness bound, not a
    /// measurement) with the last answer. Connection failures count as "not yet".
    @discardableResult
    static func poll(
        _ url: String,
        timeout: Duration = .seconds(60),
        _ what: String,
        until condition: (HTTPAnswer) -> Bool
    ) async throws -> HTTPAnswer {
        let deadline = ContinuousClock.now + timeout
        var last = "no answer"
        while ContinuousClock.now < deadline {
            if let answer = try? await get(url) {
                if condition(answer) { return answer }
                last = "\(answer.status) \(answer.body)"
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CLITestFailure("\(url): \(what) did not happen within \(timeout); last answer: \(last)")
    }
}

/// A temporary directory for one test, removed by `remove()`.
struct ScratchDirectory {
    let path: String

    init(_ prefix: String) throws { path = try TestDirectory.make(prefix: prefix) }

    /// Writes `text` to `name` inside the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = "\(path)/\(name)"
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func remove() { TestDirectory.remove(path) }
}
