import NIOCore
import Synchronization

/// Messages handed from a reader task to one consuming task, ending with nothing or an error.
///
/// The reader pushes; the consumer takes one at a time and suspends only when the queue is empty.
/// It is unbounded: the pull bookkeeping bounds how much is asked for.
final class MessageQueue: Sendable {
    private struct State {
        var buffer = CircularBuffer<JetStreamMessage>(initialCapacity: 64)
        var waiter: CheckedContinuation<JetStreamMessage?, any Error>?
        var finished = false
        var failure: JetStreamError?
    }

    private let state = Mutex(State())

    /// Adds the messages of one read of the inbox, waking a waiting consumer once; nothing when the queue has ended.
    func push(contentsOf messages: [JetStreamMessage]) {
        guard !messages.isEmpty else { return }
        let accepted = state.withLock { state in
            guard !state.finished else { return false }
            state.buffer.append(contentsOf: messages)
            return true
        }
        if accepted { wake() }
    }

    /// The oldest message if there is one, without waiting.
    func nextAtHand() -> JetStreamMessage? {
        state.withLock { $0.buffer.popFirst() }
    }

    /// Resumes a waiting consumer with the oldest message, if there is one.
    private func wake() {
        let (waiter, message): (CheckedContinuation<JetStreamMessage?, any Error>?, JetStreamMessage?) = state.withLock { state in
            guard let waiter = state.waiter, let message = state.buffer.popFirst() else { return (nil, nil) }
            state.waiter = nil
            return (waiter, message)
        }
        if let waiter, let message { waiter.resume(returning: message) }
    }

    /// Ends the queue: the consumer gets what is buffered, then `nil` or `failure`.
    func finish(failure: JetStreamError? = nil) {
        let waiter: CheckedContinuation<JetStreamMessage?, any Error>? = state.withLock { state in
            guard !state.finished else { return nil }
            state.finished = true
            state.failure = failure
            let waiter = state.waiter
            state.waiter = nil
            return waiter
        }
        guard let waiter else { return }
        // A message pushed just before is still delivered before the end.
        if let message = state.withLock({ $0.buffer.popFirst() }) {
            waiter.resume(returning: message)
        } else if let failure {
            waiter.resume(throwing: failure)
        } else {
            waiter.resume(returning: nil)
        }
    }

    /// Whether the queue has ended.
    var isFinished: Bool { state.withLock { $0.finished } }

    /// The next message, waiting for one; `nil` once the queue has ended.
    func next(isolation: isolated (any Actor)? = #isolation) async throws -> JetStreamMessage? {
        enum Immediate {
            case message(JetStreamMessage)
            case end(JetStreamError?)
        }
        let immediate: Immediate? = state.withLock { state in
            if let message = state.buffer.popFirst() { return .message(message) }
            if state.finished {
                let failure = state.failure
                state.failure = nil
                return .end(failure)
            }
            return nil
        }
        switch immediate {
        case .message(let message): return message
        case .end(let failure?): throw failure
        case .end(nil): return nil
        case nil: break
        }
        try Task.checkCancellation()
        return try await withTaskCancellationHandler {
            _ = isolation  // Captured, so that the wait stays on the caller's actor.
            return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<JetStreamMessage?, any Error>) in
                let result: Result<JetStreamMessage?, JetStreamError>? = state.withLock { state in
                    if let message = state.buffer.popFirst() { return .success(message) }
                    if state.finished {
                        let failure = state.failure
                        state.failure = nil
                        return failure.map { .failure($0) } ?? .success(nil)
                    }
                    state.waiter = continuation
                    return nil
                }
                if let result { continuation.resume(with: result) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                let waiter = state.waiter
                state.waiter = nil
                return waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }
}
