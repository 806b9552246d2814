import NIOCore
import Synchronization

/// Matches replies arriving on the client's one wildcard inbox to the requests waiting for them, and fails those whose
/// time is up.
///
/// One timer serves all requests: it is armed for the earliest deadline and, when it fires, fails what has expired and
/// arms itself for the next. A request whose deadline is later than the armed one (the usual case: requests in a row
/// with the same timeout) arms and cancels nothing, so it wakes no event loop for its timeout.
final class RequestMultiplexer: Sendable {
    private struct Waiter {
        var subject: String
        var timeout: Duration
        var deadline: NIODeadline
        var continuation: CheckedContinuation<NATSMessage, any Error>
    }

    private struct State {
        var nextToken: UInt64 = 0
        var waiters: [String: Waiter] = [:]
        var registered = 0
        /// When the timer fires next; `nil` when it is not armed. Never later than a waiting request's deadline.
        var armed: NIODeadline?
    }

    private let state = Mutex(State())

    /// Requests registered since the client started, answered or not: only ever grows.
    var registeredCount: Int { state.withLock { $0.registered } }

    /// A token not used before by this client.
    func makeToken() -> String {
        state.withLock { state in
            state.nextToken += 1
            return String(state.nextToken)
        }
    }

    /// Waits for the reply to `token` for at most `timeout`, arming the timer on `eventLoop` if this deadline is the
    /// earliest; fails at once if the task is already cancelled.
    func register(
        token: String,
        subject: String,
        timeout: Duration,
        on eventLoop: any EventLoop,
        continuation: CheckedContinuation<NATSMessage, any Error>
    ) {
        if Task.isCancelled {
            continuation.resume(throwing: NATSError(.cancelled, "the request to '\(subject)' was cancelled"))
            return
        }
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        let arm = state.withLock { state in
            state.waiters[token] = Waiter(subject: subject, timeout: timeout, deadline: deadline, continuation: continuation)
            state.registered += 1
            if let armed = state.armed, armed <= deadline { return false }
            state.armed = deadline
            return true
        }
        if arm { schedule(at: deadline, on: eventLoop) }
    }

    private func schedule(at deadline: NIODeadline, on eventLoop: any EventLoop) {
        eventLoop.scheduleTask(deadline: deadline) { self.expire(on: eventLoop) }
    }

    /// Fails the requests whose deadline has passed and arms the timer for the next one, unless a timer already
    /// scheduled covers it.
    private func expire(on eventLoop: any EventLoop) {
        let now = NIODeadline.now()
        let (expired, next): ([Waiter], NIODeadline?) = state.withLock { state in
            let expiredTokens = state.waiters.filter { $0.value.deadline <= now }.map(\.key)
            let expired = expiredTokens.compactMap { state.waiters.removeValue(forKey: $0) }
            guard let earliest = state.waiters.values.map(\.deadline).min() else {
                state.armed = nil
                return (expired, nil)
            }
            if let armed = state.armed, armed > now, armed <= earliest { return (expired, nil) }
            state.armed = earliest
            return (expired, earliest)
        }
        for waiter in expired {
            waiter.continuation.resume(throwing: NATSError(.timeout, "no reply from '\(waiter.subject)' within \(waiter.timeout)"))
        }
        if let next { schedule(at: next, on: eventLoop) }
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
