import FoundationEssentials

extension NATSServerProcess {
    /// Waits until the running child is ready, as ``NATSServerConfiguration/readiness`` defines it.
    ///
    /// - Parameter timeout: How long to wait; default ``NATSServerConfiguration/startupTimeout``.
    /// - Throws: ``NATSServerError`` with ``NATSServerError/Code/exitedDuringStartup`` if the child
    ///   exits first, or ``NATSServerError/Code/startupTimedOut``; both carry the server's last log lines.
    public func waitUntilReady(timeout: Duration? = nil) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout ?? configuration.startupTimeout)
        while true {
            guard isRunning else {
                throw NATSServerError(
                    .exitedDuringStartup,
                    "nats-server (\(executable)) exited during startup on port \(port). Log \(logFile):\n\(recentLog())"
                )
            }
            if await isReady() { return }
            guard clock.now < deadline else {
                throw NATSServerError(
                    .startupTimedOut,
                    "nats-server on port \(port) was not ready within \(timeout ?? configuration.startupTimeout). Log \(logFile):\n\(recentLog())"
                )
            }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    /// Whether the server is ready now, without waiting.
    public func isReady() async -> Bool {
        let (port, monitorPort) = state.withLock { ($0.port, $0.monitorPort) }
        guard await LoopbackProbe.isAccepting(host: host, port: port) else { return false }
        if configuration.readiness == .healthy, let monitorPort {
            let response = await LoopbackProbe.httpGet(host: host, port: monitorPort, path: "/healthz")
            return response?.status == 200
        }
        let offset = state.withLock { $0.logOffset }
        return Self.readLog(logFile, from: offset).contains("Server is ready")
    }
}
