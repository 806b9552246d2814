import Synchronization

/// A `flush()` waiting for its `PONG`, resumed exactly once: by the pong, a timeout or a lost connection.
final class FlushWaiter: Sendable {
    private let continuation = Mutex<CheckedContinuation<Void, any Error>?>(nil)

    func set(_ continuation: CheckedContinuation<Void, any Error>) {
        self.continuation.withLock { $0 = continuation }
    }

    func succeed() {
        continuation.withLock { $0.take() }?.resume()
    }

    func fail(_ error: any Error) {
        continuation.withLock { $0.take() }?.resume(throwing: error)
    }
}
