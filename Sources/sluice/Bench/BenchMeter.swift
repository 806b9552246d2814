import Foundation

/// Times a benchmark and the CPU this process (and optionally the server) used meanwhile.
struct BenchMeter {
    private let start = ContinuousClock.now
    private let selfCPUStart = BenchMeter.selfCPUSeconds()
    private let serverPID: Int32?
    private let serverCPUStart: Double?

    init(serverPID: Int32? = nil) {
        self.serverPID = serverPID
        self.serverCPUStart = serverPID.flatMap(BenchMeter.processCPUSeconds)
    }

    /// What was measured up to now.
    func finish(count: Int, bytesPerMessage: Int, at end: ContinuousClock.Instant = .now) -> BenchResult {
        let seconds = max(Double((end - start).components.attoseconds) / 1e18 + Double((end - start).components.seconds), 1e-9)
        let clientCPU = (BenchMeter.selfCPUSeconds() - selfCPUStart) / seconds * 100
        var serverCPU: Double?
        if let serverPID, let before = serverCPUStart, let after = BenchMeter.processCPUSeconds(serverPID) {
            serverCPU = (after - before) / seconds * 100
        }
        return BenchResult(count: count, seconds: seconds, bytesPerMessage: bytesPerMessage, clientCPUPercent: clientCPU, serverCPUPercent: serverCPU)
    }

    static func selfCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// User plus system CPU seconds of a process, from `/proc/<pid>/stat`.
    static func processCPUSeconds(_ pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / 100
    }
}

/// One benchmark's outcome.
struct BenchResult {
    var count: Int
    var seconds: Double
    var bytesPerMessage: Int
    var clientCPUPercent: Double
    var serverCPUPercent: Double?

    var messagesPerSecond: Double { Double(count) / seconds }
    var megabytesPerSecond: Double { messagesPerSecond * Double(bytesPerMessage) / 1_000_000 }
}

/// Payloads for benchmarks: `size` bytes of lowercase letters, as the peer benchmarks use.
enum BenchPayload {
    static func make(size: Int) -> [UInt8] {
        (0..<size).map { UInt8(ascii: "a") + UInt8($0 % 26) }
    }
}
