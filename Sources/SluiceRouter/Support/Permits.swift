import Synchronization

/// A counting semaphore for async code whose limit can change while permits are held: lowering it lets
/// the holders finish and admits no one until the count is below the new limit; raising it admits waiters
/// at once. Waiters are admitted in arrival order.
final class Permits: Sendable {
    private struct State {
        var limit: Int
        var used = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    init(limit: Int) {
        state = Mutex(State(limit: max(limit, 1)))
    }

    /// The permits held now.
    var used: Int { state.withLock { $0.used } }

    /// Waits for a permit.
    func acquire() async {
        let acquired = state.withLock { state in
            guard state.used < state.limit, state.waiters.isEmpty else { return false }
            state.used += 1
            return true
        }
        if acquired { return }
        await withCheckedContinuation { continuation in
            let admitted = state.withLock { state in
                if state.used < state.limit, state.waiters.isEmpty {
                    state.used += 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if admitted { continuation.resume() }
        }
    }

    /// Hands a permit back, to the longest waiter if the limit allows.
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.used <= state.limit, !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.used -= 1
            return nil
        }
        next?.resume()
    }

    /// Changes the limit, admitting waiters if it grew.
    func setLimit(_ limit: Int) {
        let admitted = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.limit = max(limit, 1)
            var admitted: [CheckedContinuation<Void, Never>] = []
            while state.used < state.limit, !state.waiters.isEmpty {
                admitted.append(state.waiters.removeFirst())
                state.used += 1
            }
            return admitted
        }
        for waiter in admitted { waiter.resume() }
    }
}
