import Synchronization

/// Hands every connection event to every listener: the application and the libraries built on the client
/// (JetStream) each get their own stream.
final class EventBroadcaster: Sendable {
    private struct State {
        var listeners: [Int: AsyncStream<NATSEvent>.Continuation] = [:]
        var nextID = 0
        var finished = false
    }

    private let state = Mutex(State())

    /// A new stream of the events from now on; the newest `buffer` are kept when it is not read.
    func makeStream(buffer: Int = 1024) -> AsyncStream<NATSEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: NATSEvent.self, bufferingPolicy: .bufferingNewest(buffer))
        let id: Int? = state.withLock { state in
            guard !state.finished else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.listeners[id] = continuation
            return id
        }
        guard let id else {
            continuation.yield(.closed)
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.listeners.removeValue(forKey: id) }
        }
        return stream
    }

    func emit(_ event: NATSEvent) {
        let listeners = state.withLock { Array($0.listeners.values) }
        for listener in listeners { listener.yield(event) }
    }

    /// Ends every stream; later streams get `.closed` and end at once.
    func finish() {
        let listeners = state.withLock { state in
            state.finished = true
            let listeners = Array(state.listeners.values)
            state.listeners.removeAll()
            return listeners
        }
        for listener in listeners { listener.finish() }
    }
}
