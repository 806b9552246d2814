import Synchronization

/// Hands out free loopback ports, each at most once per process.
enum PortRegistry {
    private static let claimed = Mutex<Set<Int>>([])

    static func claimFreePort(host: String) throws -> Int {
        for _ in 0..<64 {
            guard let port = LoopbackSocket.bind(host: host, port: 0) else { continue }
            let isNew = claimed.withLock { $0.insert(port).inserted }
            if isNew { return port }
        }
        throw NATSServerError(.noFreePort, "No free TCP port could be found on \(host).")
    }

    /// Marks a port chosen by the caller as taken, so it is not handed out as a free one.
    static func claim(_ port: Int) {
        _ = claimed.withLock { $0.insert(port) }
    }
}
