import Synchronization

/// Wakes the tasks that wait for something to happen in this process (a message published, a row committed),
/// without missing a signal given between looking for work and waiting.
///
/// Read ``generation`` before looking for work; if there is none, ``wait(after:timeout:)`` with it returns at once
/// when a signal came in between, else on the next signal, after the timeout, or on cancellation.
///
/// ```swift
/// while running {
///     let generation = signal.generation
///     if try await doAvailableWork() { continue }
///     await signal.wait(after: generation, timeout: .seconds(1))
/// }
/// ```
public final class WakeSignal: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    /// Creates a signal.
    public init() {}

    /// Tasks waiting for a signal now.
    public var waiterCount: Int { state.withLock { $0.waiters.count } }

    /// The current generation; pass it to ``wait(after:timeout:)`` to not miss a signal sent in between.
    public var generation: UInt64 { state.withLock { $0.generation } }

    /// Wakes every waiter.
    public func signal() {
        let waiters = state.withLock { state in
            state.generation &+= 1
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns after a signal later than `generation`, after `timeout`, or when the task is cancelled.
    public func wait(after generation: UInt64, timeout: Duration) async {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask { await self.waitForSignal(id: id, after: generation) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForSignal(id: Int, after generation: UInt64) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.generation != generation || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
