import NIOCore
import Synchronization

/// Holds the messages delivered to one subscription until its consumer takes them.
///
/// The event loop pushes; the consumer takes everything pending at once, so under load one lock
/// and no suspension serve many messages. Past the pending limits new messages are dropped and counted.
final class SubscriptionBuffer: Sendable {
    enum PushResult {
        case accepted
        /// Dropped for the limits; `firstDrop` is true for the first drop since the consumer last caught up.
        case dropped(firstDrop: Bool, total: Int)
        case finished
    }

    private struct State {
        var messages = CircularBuffer<NATSMessage>(initialCapacity: 16)
        var bytes = 0
        var waiter: CheckedContinuation<Void, Never>?
        var finished = false
        var failure: NATSError?
        var dropped = 0
        var reportedSlow = false
    }

    private let limits: NATSPendingLimits
    private let state = Mutex(State())

    init(limits: NATSPendingLimits) {
        self.limits = limits
    }

    /// Messages dropped because the consumer was too slow.
    var droppedCount: Int { state.withLock { $0.dropped } }
    /// Whether a consumer waits for the next message.
    var hasWaiter: Bool { state.withLock { $0.waiter != nil } }

    /// Adds a message for the consumer and wakes it; called on the event loop.
    func push(_ message: NATSMessage) -> PushResult {
        let result = enqueue(message)
        wakeConsumer()
        return result
    }

    /// Adds a message without waking the consumer; ``wakeConsumer()`` follows once the batch is in.
    func enqueue(_ message: NATSMessage) -> PushResult {
        let size = message.payload.readableBytes
        return state.withLock { state in
            if state.finished { return .finished }
            if state.messages.count >= limits.messages || state.bytes + size > limits.bytes {
                state.dropped += 1
                let first = !state.reportedSlow
                state.reportedSlow = true
                return .dropped(firstDrop: first, total: state.dropped)
            }
            state.messages.append(message)
            state.bytes += size
            return .accepted
        }
    }

    /// Resumes a consumer waiting for messages, if there are any.
    func wakeConsumer() {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard !state.messages.isEmpty, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Ends the sequence after what is buffered; with an error, the consumer gets it after the buffered messages.
    func finish(error: NATSError? = nil) {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard !state.finished else { return nil }
            state.finished = true
            state.failure = error
            let waiter = state.waiter
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Moves every pending message into `local`, waiting for one if there is none.
    /// Returns `false` when the subscription has ended and nothing is left.
    nonisolated(nonsending) func take(into local: inout CircularBuffer<NATSMessage>) async throws -> Bool {
        while true {
            let outcome: TakeOutcome = state.withLock { state in
                if !state.messages.isEmpty {
                    swap(&local, &state.messages)
                    state.bytes = 0
                    state.reportedSlow = false
                    return .took
                }
                if state.finished { return .ended(state.failure) }
                return .wait
            }
            switch outcome {
            case .took:
                return true
            case .ended(let failure):
                if let failure { throw failure }
                return false
            case .wait:
                await waitForMessages()
                if Task.isCancelled { return false }
            }
        }
    }

    private enum TakeOutcome {
        case took, wait
        case ended(NATSError?)
    }

    private func waitForMessages(isolation: isolated (any Actor)? = #isolation) async {
        await withTaskCancellationHandler {
            _ = isolation  // Captured, so that the wait stays on the caller's actor.
            return await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if !state.messages.isEmpty || state.finished || Task.isCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                let waiter = state.waiter
                state.waiter = nil
                return waiter
            }
            waiter?.resume()
        }
    }
}
