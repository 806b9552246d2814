import SluiceSQLite
import Synchronization

/// Acknowledges SQLite queue messages in groups: while one transaction runs, the acks that arrive wait and go
/// together in the next one, so many concurrent deliveries cost few transactions.
final class SQLiteAckBatcher: Sendable {
    private struct State {
        var pending: [(QueueReceipt, CheckedContinuation<Void, any Error>)] = []
        var flushing = false
    }

    private let queue: SQLiteQueue
    private let state = Mutex(State())

    init(queue: SQLiteQueue) {
        self.queue = queue
    }

    /// Acknowledges `receipt` in the next transaction and returns when it is committed.
    func ack(_ receipt: QueueReceipt) async throws {
        try await withCheckedThrowingContinuation { continuation in
            let leads = state.withLock { state in
                state.pending.append((receipt, continuation))
                if state.flushing { return false }
                state.flushing = true
                return true
            }
            if leads { Task { await self.flush() } }
        }
    }

    /// Commits what is pending until nothing is.
    private func flush() async {
        while true {
            let batch = state.withLock { state in
                defer { state.pending = [] }
                if state.pending.isEmpty { state.flushing = false }
                return state.pending
            }
            if batch.isEmpty { return }
            do {
                try await queue.ack(batch.map(\.0))
                for (_, continuation) in batch { continuation.resume() }
            } catch {
                for (_, continuation) in batch { continuation.resume(throwing: error) }
            }
        }
    }
}
