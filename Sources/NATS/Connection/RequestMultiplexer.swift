import Synchronization

/// Matches replies arriving on the client's one wildcard inbox to the requests waiting for them.
final class RequestMultiplexer: Sendable {
    private struct Waiter {
        var subject: String
        var continuation: CheckedContinuation<NATSMessage, any Error>
    }

    private struct State {
        var nextToken: UInt64 = 0
        var waiters: [String: Waiter] = [:]
    }

    private let state = Mutex(State())

    /// A token not used before by this client.
    func makeToken() -> String {
        state.withLock { state in
            state.nextToken += 1
            return String(state.nextToken)
        }
    }

    /// Waits for the reply to `token`; fails at once if the task is already cancelled.
    func register(token: String, subject: String, continuation: CheckedContinuation<NATSMessage, any Error>) {
        if Task.isCancelled {
            continuation.resume(throwing: NATSError(.cancelled, "the request to '\(subject)' was cancelled"))
            return
        }
        state.withLock { $0.waiters[token] = Waiter(subject: subject, continuation: continuation) }
    }

    /// Hands a reply to its request: status 503 is no responders.
    func deliver(token: String, message: NATSMessage) {
        guard let waiter = state.withLock({ $0.waiters.removeValue(forKey: token) }) else { return }
        if message.status == 503 {
            waiter.continuation.resume(throwing: NATSError(.noResponders, "no responders on '\(waiter.subject)'"))
        } else {
            waiter.continuation.resume(returning: message)
        }
    }

    /// Fails one request, if it still waits.
    func fail(token: String, _ error: NATSError) {
        state.withLock { $0.waiters.removeValue(forKey: token) }?.continuation.resume(throwing: error)
    }

    /// Fails the requests published to `subject` (the server refused the publish).
    func fail(subject: String, _ error: NATSError) {
        let failed = state.withLock { state in
            let tokens = state.waiters.filter { $0.value.subject == subject }.map(\.key)
            return tokens.compactMap { state.waiters.removeValue(forKey: $0) }
        }
        for waiter in failed { waiter.continuation.resume(throwing: error) }
    }

    /// Fails every waiting request.
    func failAll(_ error: NATSError) {
        let all = state.withLock { state in
            let all = Array(state.waiters.values)
            state.waiters.removeAll()
            return all
        }
        for waiter in all { waiter.continuation.resume(throwing: error) }
    }
}
