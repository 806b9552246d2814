import SluiceCore

/// Runs `body`, failing with ``TestTimeout`` naming `what` when it takes longer than `timeout`: a liveness bound, so a
/// test that would hang fails instead, never a measure of speed.
///
/// The bound holds even when `body` ignores cancellation (a client call waiting on a server that never answers):
/// `body` runs in a task of its own which, at the bound, is cancelled and left behind rather than waited for.
public func withTimeout<T: Sendable>(
    _ timeout: Duration,
    _ what: String,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let outcome = FirstResult<T>()
    let work = Task {
        do {
            outcome.deliver(.success(try await body()))
        } catch {
            outcome.deliver(.failure(error))
        }
    }
    let timer = Task {
        try await Task.sleep(for: timeout)
        outcome.deliver(.failure(TestTimeout(what: what, timeout: timeout)))
        work.cancel()
    }
    defer { timer.cancel() }
    return try await withTaskCancellationHandler {
        try await outcome.value()
    } onCancel: {
        outcome.deliver(.failure(CancellationError()))
        work.cancel()
    }
}

/// A test waited longer than its bound for something.
public struct TestTimeout: Error, CustomStringConvertible {
    /// What it waited for.
    public var what: String
    /// How long it waited.
    public var timeout: Duration

    /// Creates the error.
    public init(what: String, timeout: Duration) {
        self.what = what
        self.timeout = timeout
    }

    public var description: String { "timed out after \(timeout) \(what)" }
}
