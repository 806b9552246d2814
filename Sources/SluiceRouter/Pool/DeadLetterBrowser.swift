/// Lists and replays the dead letters kept in a router queue.
///
/// Dead letters are messages in a queue like any other. Listing reads them without leasing them
/// (``QueueConsumer/peek(max:)``), so it changes nothing and listings at the same moment each see all of them;
/// replaying leases them, sends them on and acknowledges them.
public struct DeadLetterBrowser: Sendable {
    /// The queue holding the dead letters.
    public let deadLetters: any QueueConsumer & QueueProducer

    /// Creates a browser over `deadLetters`.
    public init(deadLetters: any QueueConsumer & QueueProducer) {
        self.deadLetters = deadLetters
    }

    /// Up to `limit` dead letters, oldest first, with their ``DeadLetterHeader`` headers.
    public func list(limit: Int) async throws -> [RouterMessage] {
        try await deadLetters.peek(max: limit)
    }

    /// Sends the dead letters with the given ids (all of them up to `limit` when `ids` is `nil`) to `queue`,
    /// without their dead-letter headers, and removes them from the dead letters.
    /// - Returns: The ids replayed.
    public func replay(ids: Set<String>?, limit: Int, to queue: any QueueProducer) async throws -> [String] {
        var replayed: [String] = []
        let replay = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        for message in try await lease(limit) {
            guard ids?.contains(message.message.id) ?? true else {
                try await deadLetters.nak(message, delay: .zero)
                continue
            }
            try await queue.send([DeadLetterHeader.revive(message.message, replay: replay)])
            try await deadLetters.ack(message)
            replayed.append(message.message.id)
        }
        return replayed
    }

    /// Leases up to `limit` dead letters, polling until one poll comes back empty.
    private func lease(_ limit: Int) async throws -> [LeasedMessage] {
        var leased: [LeasedMessage] = []
        while leased.count < limit {
            let batch = try await deadLetters.poll(max: min(limit - leased.count, 100))
            if batch.isEmpty { break }
            leased += batch
        }
        return leased
    }
}
