import FoundationEssentials
import Synchronization

/// Hands out free loopback ports, each at most once per process.
///
/// The ports come from below the range the kernel assigns on its own (to outgoing connections and to binds of port 0)
/// where that range is known, so a server stopped and started again on its port does not find it taken meanwhile by a
/// connection's local end.
enum PortRegistry {
    private static let claimed = Mutex<Set<Int>>([])

    static func claimFreePort(host: String) throws -> Int {
        for _ in 0..<64 {
            let candidate = unassignedPorts.map { Int.random(in: $0) } ?? 0
            guard let port = LoopbackSocket.bind(host: host, port: candidate) else { continue }
            let isNew = claimed.withLock { $0.insert(port).inserted }
            if isNew { return port }
        }
        throw NATSServerError(.noFreePort, "No free TCP port could be found on \(host).")
    }

    /// Marks a port chosen by the caller as taken, so it is not handed out as a free one.
    static func claim(_ port: Int) {
        _ = claimed.withLock { $0.insert(port) }
    }

    /// Ports the kernel does not assign on its own: from 20000 up to Linux's `ip_local_port_range` (32768 by default),
    /// or `nil` (the kernel chooses, port 0) where that range is unknown or leaves fewer than 1,000 ports below it.
    static let unassignedPorts: ClosedRange<Int>? = {
        guard let data = FileManager.default.contents(atPath: "/proc/sys/net/ipv4/ip_local_port_range"),
            let text = String(data: data, encoding: .utf8),
            let first = text.split(whereSeparator: \.isWhitespace).first.flatMap({ Int($0) })
        else { return nil }
        let lowest = 20000
        return first - lowest >= 1000 ? lowest...(first - 1) : nil
    }()
}
