/// Runs `body`, failing with ``TestTimeout`` naming `what` when it takes longer than `timeout`: a liveness bound, so a
/// test that would hang fails instead, never a measure of speed.
public func withTimeout<T: Sendable>(
    _ timeout: Duration,
    _ what: String,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TestTimeout(what: what, timeout: timeout)
        }
        let result = try await group.next()!
        group.cancelAll()
        return result
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
