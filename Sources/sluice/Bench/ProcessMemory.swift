import Foundation

/// This process's memory, from `/proc/self/status` (Linux).
enum ProcessMemory {
    /// The peak resident set size so far (`VmHWM`), in bytes; 0 where `/proc` is not available.
    static var peakResidentBytes: Int { field("VmHWM") }

    /// The resident set size now (`VmRSS`), in bytes.
    static var residentBytes: Int { field("VmRSS") }

    private static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            return kilobytes * 1024
        }
        return 0
    }
}
