import Synchronization

/// A fixed set of resources lent out one holder at a time, first come first served, held across suspension points.
///
/// SQLite statements run on a thread pool, so a transaction spans several `await`s; leasing a connection keeps
/// one transaction's statements from interleaving with another's. A pool of one is a lock.
public final class LeasePool<Resource: Sendable>: Sendable {
    private struct State {
        var free: [Resource]
        var waiters: [CheckedContinuation<Resource, Never>] = []
    }

    private let state: Mutex<State>
    /// How many resources the pool lends.
    public let capacity: Int

    /// Holders waiting for a resource now.
    public var waiterCount: Int { state.withLock { $0.waiters.count } }

    /// Creates a pool that lends `resources`.
    public init(_ resources: [Resource]) {
        precondition(!resources.isEmpty, "a lease pool needs at least one resource")
        capacity = resources.count
        state = Mutex(State(free: resources))
    }

    /// Runs `body` with a resource of its own and returns the resource after, whatever `body` does.
    ///
    /// Waiting is not cancellable: a started transaction finishes, and its holder cleans up before the next one.
    public func withLease<T: Sendable>(_ body: (Resource) async throws -> T) async throws -> T {
        let resource = await acquire()
        defer { release(resource) }
        return try await body(resource)
    }

    /// Runs `body` with every resource, once their holders returned them: for closing.
    public func withEveryLease<T: Sendable>(_ body: ([Resource]) async throws -> T) async throws -> T {
        var all: [Resource] = []
        for _ in 0..<capacity { all.append(await acquire()) }
        defer { for resource in all { release(resource) } }
        return try await body(all)
    }

    private func acquire() async -> Resource {
        await withCheckedContinuation { (continuation: CheckedContinuation<Resource, Never>) in
            let resource = state.withLock { state -> Resource? in
                if let resource = state.free.popLast() { return resource }
                state.waiters.append(continuation)
                return nil
            }
            if let resource { continuation.resume(returning: resource) }
        }
    }

    private func release(_ resource: Resource) {
        let waiter = state.withLock { state -> CheckedContinuation<Resource, Never>? in
            if state.waiters.isEmpty {
                state.free.append(resource)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: resource)
    }
}
