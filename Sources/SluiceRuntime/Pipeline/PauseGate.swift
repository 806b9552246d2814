import Synchronization

/// Lets a pipeline's stages wait while it is paused.
final class PauseGate: Sendable {
    private struct State {
        var paused = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    /// Whether the gate is closed.
    var isPaused: Bool { state.withLock { $0.paused } }

    /// Stages waiting at the closed gate now.
    var waiterCount: Int { state.withLock { $0.waiters.count } }

    /// Closes the gate: stages stop at their next ``wait()``.
    func pause() { state.withLock { $0.paused = true } }

    /// Opens the gate and wakes the waiting stages.
    func resume() {
        let waiters = state.withLock { state in
            state.paused = false
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns at once when open; else when resumed (or when `stop` becomes true, checked on resume).
    func wait() async {
        await withCheckedContinuation { continuation in
            let open = state.withLock { state -> Bool in
                if !state.paused { return true }
                state.waiters.append(continuation)
                return false
            }
            if open { continuation.resume() }
        }
    }
}
