import Synchronization
import Testing

@testable import SluiceSQLite

@Suite(.timeLimit(.minutes(1))) struct LeasePoolTests {
    @Test func aPoolOfOneLendsToOneHolderAtATimeInArrivalOrder() async throws {
        let pool = LeasePool(["connection"])
        let order = Arrivals()
        let release = WakeGate()
        let first = Task {
            try await pool.withLease { _ in
                order.append(1)
                await release.wait()
            }
        }
        while order.values.isEmpty { await Task.yield() }
        var waiting: [Task<Void, any Error>] = []
        for holder in 2...4 {
            waiting.append(Task { try await pool.withLease { _ in order.append(holder) } })
            while pool.waiterCount < holder - 1 { await Task.yield() }
        }
        #expect(order.values == [1])
        release.open()
        try await first.value
        for task in waiting { try await task.value }
        #expect(order.values == [1, 2, 3, 4])
    }

    @Test func aResourceComesBackWhenTheHolderThrows() async throws {
        struct Failure: Error {}
        let pool = LeasePool(["a", "b"])
        for _ in 0..<5 {
            await #expect(throws: Failure.self) { try await pool.withLease { _ in throw Failure() } }
        }
        let all = try await pool.withEveryLease { $0 }
        #expect(Set(all) == ["a", "b"])
    }

    @Test func everyLeaseWaitsForTheHoldersToReturnTheirs() async throws {
        let pool = LeasePool([1, 2])
        let release = WakeGate()
        let holder = Task { try await pool.withLease { _ in await release.wait() } }
        let closing = Task { try await pool.withEveryLease { $0.sorted() } }
        while pool.waiterCount == 0 { await Task.yield() }
        release.open()
        try await holder.value
        #expect(try await closing.value == [1, 2])
    }
}

/// The order in which holders got their lease.
final class Arrivals: Sendable {
    private let storage = Mutex<[Int]>([])
    var values: [Int] { storage.withLock { $0 } }
    func append(_ value: Int) { storage.withLock { $0.append(value) } }
}

/// Holds tasks until the test opens it.
final class WakeGate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let open = state.withLock { state in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if open { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
