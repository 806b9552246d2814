import Synchronization
import Testing

@testable import SluiceRouter

/// The batching loop behind the SQLite queue's acknowledgements and SQS's batched deletes.
@Suite(.timeLimit(.minutes(1))) struct SettleBatcherTests {
    struct Refused: Error {}

    /// Items that arrive while a batch is being sent go together in the next ones, at most `maxBatch` each, and
    /// each caller gets its own item's outcome.
    @Test func itemsArrivingDuringASendGoTogetherInBoundedBatches() async throws {
        let batches = Mutex<[[Int]]>([])
        let (firstSent, firstSentSignal) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
        let batcher = SettleBatcher<Int>(maxBatch: 10) { items in
            let isFirst = batches.withLock { batches in
                batches.append(items)
                return batches.count == 1
            }
            if isFirst {
                firstSentSignal.yield()
                for await _ in release { break }
            }
            return Dictionary(uniqueKeysWithValues: items.enumerated().filter { $0.element % 7 == 0 }.map { ($0.offset, Refused() as any Error) })
        }
        let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            group.addTask { (1, (try? await batcher.submit(1)) != nil) }
            for await _ in firstSent { break }
            for item in 2...26 { group.addTask { (item, (try? await batcher.submit(item)) != nil) } }
            // Let the 25 arrive while the first batch is held.
            while batcher.pendingForTests < 25 { try await Task.sleep(for: .milliseconds(5)) }
            releaseSignal.yield()
            var outcomes: [Int: Bool] = [:]
            for try await (item, succeeded) in group { outcomes[item] = succeeded }
            return outcomes
        }
        let sent = batches.withLock { $0 }
        #expect(sent.map(\.count) == [1, 10, 10, 5])
        #expect(Set(sent.joined()) == Set(1...26))
        for item in 1...26 { #expect(outcomes[item] == (item % 7 != 0), "item \(item)") }
    }

    @Test func aFailedSendFailsItsWholeBatch() async throws {
        let batcher = SettleBatcher<Int>(maxBatch: 10) { _ in throw Refused() }
        await #expect(throws: Refused.self) { try await batcher.submit(1) }
    }
}
