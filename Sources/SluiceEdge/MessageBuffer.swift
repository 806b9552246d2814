import Synchronization

/// Messages handed from the task that pulls them to the task that applies them: the applier takes everything that
/// has arrived (up to a limit) at once, so changes that arrived together are applied in one transaction.
final class MessageBuffer<Element: Sendable>: Sendable {
    private struct State {
        var items: [Element] = []
        var waiter: CheckedContinuation<Void, Never>?
        var finished = false
    }

    private let state = Mutex(State())

    /// Adds an element and wakes the taker.
    func append(_ element: Element) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.items.append(element)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Ends the buffer: ``take(max:)`` returns what is left, then empty arrays.
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Ends the buffer and returns what is left in it.
    func finishAndTakeAll() -> [Element] {
        let (items, waiter) = state.withLock { state -> ([Element], CheckedContinuation<Void, Never>?) in
            state.finished = true
            defer {
                state.items = []
                state.waiter = nil
            }
            return (state.items, state.waiter)
        }
        waiter?.resume()
        return items
    }

    /// Waits until something arrived and returns up to `max` elements, in order; an empty array once finished.
    func take(max: Int) async -> [Element] {
        while true {
            let taken = state.withLock { state -> [Element]? in
                guard !state.items.isEmpty else { return state.finished ? [] : nil }
                let count = Swift.min(max, state.items.count)
                let items = Array(state.items.prefix(count))
                state.items.removeFirst(count)
                return items
            }
            if let taken { return taken }
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if !state.items.isEmpty || state.finished { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }
}
