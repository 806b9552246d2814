import Synchronization

/// The acknowledgement of one asynchronous publish, to await when needed.
///
/// Awaiting it is optional: a publisher that only needs to know that everything was stored can call
/// ``JetStreamPublisher/waitForPendingAcks()`` and look at failures there.
public final class PubAckFuture: Sendable {
    private enum State {
        case pending([CheckedContinuation<PubAck, any Error>])
        case done(Result<PubAck, JetStreamError>)
    }

    private let state = Mutex(State.pending([]))

    init() {}

    /// The acknowledgement, waiting for it if needed.
    /// - Throws: ``JetStreamError``: the stream's refusal, ``JetStreamError/Code/timeout`` when no
    ///   acknowledgement came in time, ``JetStreamError/Code/connectionClosed`` when the connection dropped
    ///   first.
    public func value() async throws -> PubAck {
        if case .done(let result)? = state.withLock({ state -> State? in if case .done = state { return state } else { return nil } }) {
            return try result.get()
        }
        return try await withCheckedThrowingContinuation { continuation in
            let result: Result<PubAck, JetStreamError>? = state.withLock { state in
                switch state {
                case .done(let result):
                    return result
                case .pending(var waiters):
                    waiters.append(continuation)
                    state = .pending(waiters)
                    return nil
                }
            }
            if let result { continuation.resume(with: result) }
        }
    }

    /// The outcome if it is known already, without waiting.
    public var result: Result<PubAck, JetStreamError>? {
        state.withLock { state in
            if case .done(let result) = state { return result }
            return nil
        }
    }

    /// Settles the future; later calls are ignored.
    func complete(_ result: Result<PubAck, JetStreamError>) {
        let waiters: [CheckedContinuation<PubAck, any Error>] = state.withLock { state in
            guard case .pending(let waiters) = state else { return [] }
            state = .done(result)
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result.mapError { $0 as any Error }) }
    }
}
