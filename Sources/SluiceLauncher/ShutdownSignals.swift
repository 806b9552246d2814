import Logging
import ServiceLifecycle
import UnixSignals

/// Runs a service group under SIGTERM and SIGINT: the first signal starts a graceful shutdown (a drain), a second
/// one stops everything at once. What was not acknowledged then is delivered again on the next start.
public enum ShutdownSignals {
    /// The group was stopped by a second signal.
    public struct StoppedAtOnce: Error, CustomStringConvertible {
        public var description: String { "stopped at once by a second signal; unacknowledged records are delivered again on the next start" }
    }

    /// Runs `group` (which must not trap SIGTERM or SIGINT itself) until it ends.
    ///
    /// - Throws: What the group throws, or ``StoppedAtOnce`` after a second signal.
    public static func run(_ group: ServiceGroup, logger: Logger) async throws {
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                var received = 0
                for await signal in signals {
                    received += 1
                    if received == 1 {
                        logger.notice("\(signal) received: draining; send it again to stop at once")
                        await group.triggerGracefulShutdown()
                    } else {
                        logger.warning("\(signal) received again: stopping at once")
                        throw StoppedAtOnce()
                    }
                }
            }
            // The group ends (drained or failed) or the second signal throws; either way the other task stops.
            defer { tasks.cancelAll() }
            try await tasks.next()
        }
    }
}
