import Synchronization

/// Event ids a handler saw, in order, with waits for a count of them.
public final class IDLog: Sendable {
    private let state = Mutex<(ids: [String], waiters: [(Int, CheckedContinuation<Void, Never>)])>(([], []))

    /// An empty log.
    public init() {}

    /// Records one handled id and wakes the waits its count satisfies.
    public func record(_ id: String) {
        let ready = state.withLock { state in
            state.ids.append(id)
            let count = state.ids.count
            let ready = state.waiters.filter { $0.0 <= count }.map(\.1)
            state.waiters.removeAll { $0.0 <= count }
            return ready
        }
        for waiter in ready { waiter.resume() }
    }

    /// The ids recorded so far, in order.
    public var ids: [String] { state.withLock { $0.ids } }
    /// How many ids were recorded.
    public var count: Int { state.withLock { $0.ids.count } }

    /// Returns once at least `count` ids were recorded, or on cancellation.
    public func wait(for count: Int) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state in
                    if state.ids.count >= count || Task.isCancelled { return true }
                    state.waiters.append((count, continuation))
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let waiters = state.withLock { state in
                let waiters = state.waiters.map(\.1)
                state.waiters = []
                return waiters
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    /// Waits for `count` ids, failing with what was seen after `timeout`.
    public func wait(for count: Int, timeout: Duration) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.wait(for: count) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw TestSupportError("timed out after \(timeout) waiting for \(count) handled events; \(self.ids.count) were handled")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }
}
