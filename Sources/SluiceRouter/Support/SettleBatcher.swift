import Synchronization

/// Settles queue messages in batches: while one batch is being sent, the items that arrive wait and go together in
/// the next ones (at most ``maxBatch`` each), so many concurrent deliveries cost few round trips to the queue.
///
/// ```swift
/// let acks = SettleBatcher<QueueReceipt>(maxBatch: 500) { receipts in
///     try await queue.ack(receipts)
///     return [:]
/// }
/// try await acks.submit(receipt)   // returns once its batch was sent
/// ```
package final class SettleBatcher<Item: Sendable>: Sendable {
    /// Sends one batch; returns the failures by index in the batch (a throw fails the whole batch).
    package typealias Send = @Sendable ([Item]) async throws -> [Int: any Error]

    private struct State {
        var pending: [(Item, CheckedContinuation<Void, any Error>)] = []
        var flushing = false
    }

    /// The most items sent in one batch.
    package let maxBatch: Int
    private let send: Send
    private let state = Mutex(State())

    /// Creates a batcher that sends at most `maxBatch` items at once with `send`.
    package init(maxBatch: Int, send: @escaping Send) {
        self.maxBatch = max(maxBatch, 1)
        self.send = send
    }

    /// Sends `item` in the next batch and returns when that batch was sent, throwing its failure if it had one.
    package func submit(_ item: Item) async throws {
        try await withCheckedThrowingContinuation { continuation in
            let leads = state.withLock { state in
                state.pending.append((item, continuation))
                if state.flushing { return false }
                state.flushing = true
                return true
            }
            if leads { Task { await self.flush() } }
        }
    }

    /// How many items wait for the next batch (for tests).
    var pendingForTests: Int { state.withLock { $0.pending.count } }

    /// Sends what is pending, ``maxBatch`` at a time, until nothing is.
    private func flush() async {
        while true {
            let batch = state.withLock { state in
                let batch = Array(state.pending.prefix(maxBatch))
                state.pending.removeFirst(batch.count)
                if batch.isEmpty { state.flushing = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                let failures = try await send(batch.map(\.0))
                for (index, (_, continuation)) in batch.enumerated() {
                    if let failure = failures[index] { continuation.resume(throwing: failure) } else { continuation.resume() }
                }
            } catch {
                for (_, continuation) in batch { continuation.resume(throwing: error) }
            }
        }
    }
}
