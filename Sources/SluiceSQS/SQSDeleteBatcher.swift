import Synchronization

/// Deletes received SQS messages in batches: while one `DeleteMessageBatch` runs, the deletes that arrive wait and
/// go together in the next ones (10 per request), so many concurrent deliveries cost few requests.
final class SQSDeleteBatcher: Sendable {
    private struct State {
        var pending: [(String, CheckedContinuation<Void, any Error>)] = []
        var flushing = false
    }

    private let client: SQSClient
    private let queueURL: String
    private let state = Mutex(State())

    init(client: SQSClient, queueURL: String) {
        self.client = client
        self.queueURL = queueURL
    }

    /// Deletes the message received with `receiptHandle` in the next batch and returns when SQS answered.
    func delete(_ receiptHandle: String) async throws {
        try await withCheckedThrowingContinuation { continuation in
            let leads = state.withLock { state in
                state.pending.append((receiptHandle, continuation))
                if state.flushing { return false }
                state.flushing = true
                return true
            }
            if leads { Task { await self.flush() } }
        }
    }

    /// Sends what is pending, 10 at a time, until nothing is.
    private func flush() async {
        while true {
            let batch = state.withLock { state in
                let batch = Array(state.pending.prefix(10))
                state.pending.removeFirst(batch.count)
                if batch.isEmpty { state.flushing = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                let failures = try await client.deleteBatch(queueURL: queueURL, receiptHandles: batch.map(\.0))
                for (index, (_, continuation)) in batch.enumerated() {
                    if let failure = failures[index] { continuation.resume(throwing: failure) } else { continuation.resume() }
                }
            } catch {
                for (_, continuation) in batch { continuation.resume(throwing: error) }
            }
        }
    }
}
