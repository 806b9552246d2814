import Logging
import NIOCore
import SluiceCore

/// The producing half of a pipeline: source, batcher (count, bytes, age) and publisher, joined by bounded
/// channels so a slow transport slows the source. The source's checkpoint advances only after the transport
/// stored the batch.
struct IngestStage: Sendable {
    let config: PipelineConfig
    let transport: any Transport
    let source: any RecordSource
    let counters: PipelineCounters
    let gate: PauseGate
    let logger: Logger

    func run(stopping: @escaping @Sendable () -> Bool) async throws {
        let records = BoundedChannel<SourceRecord>(capacity: config.batch.maxRecords * 4)
        let batches = BoundedChannel<RecordBatch>(capacity: 4)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { records.finish() }
                try await source.run(into: records) { stopping() }
            }
            group.addTask {
                defer { batches.finish() }
                await BatchingStage(settings: config.batch).run(input: records, output: batches)
            }
            group.addTask {
                while let batch = await batches.receive() {
                    await gate.wait()
                    try await publish(batch)
                }
            }
            try await group.waitForAll()
        }
    }

    /// Publishes one batch, retrying while the transport is unavailable, then commits the source position.
    func publish(_ batch: RecordBatch) async throws {
        let messageID: String
        if let first = batch.firstPosition, let last = batch.lastPosition {
            messageID = "\(config.name)/\(first.file)@\(first.offset)-\(last.offset)"
        } else {
            messageID = ULID.generate().description
        }
        let message = batch.message(subject: config.transportSubject, messageID: messageID)
        var attempt = 0
        while true {
            do {
                try await transport.publish([message])
                break
            } catch {
                attempt += 1
                if Task.isCancelled || error.code == .closed { throw error }
                logger.warning("publish failed; retrying", metadata: ["pipeline": "\(config.name)", "error": "\(error)"])
                try await Task.sleep(for: config.retry.delay(afterDelivery: attempt))
            }
        }
        counters.recordIn(batch.records.count)
        if let position = batch.lastPosition { try await source.commit(position) }
    }
}

/// Groups records into batches, flushing when a batch is full or its first record has waited `max_age`.
struct BatchingStage: Sendable {
    let settings: BatchSettings

    func run(input: BoundedChannel<SourceRecord>, output: BoundedChannel<RecordBatch>) async {
        var batcher = Batcher(maxRecords: settings.maxRecords, maxBytes: settings.maxBytes)
        var deadline: ContinuousClock.Instant?
        while true {
            let record: SourceRecord?
            if let next = input.tryReceive() {
                record = next
            } else if let due = deadline {
                switch await Self.receive(from: input, until: due) {
                case .record(let next): record = next
                case .timedOut:
                    if let batch = batcher.flush() { await output.send(batch) }
                    deadline = nil
                    continue
                case .finished: record = nil
                }
            } else {
                record = await input.receive()
            }
            guard let record else { break }
            if deadline == nil { deadline = .now + settings.maxAge }
            if let batch = batcher.append(record) {
                await output.send(batch)
                deadline = batcher.current.isEmpty ? nil : .now + settings.maxAge
                if batcher.currentIsFull, let full = batcher.flush() {
                    await output.send(full)
                    deadline = nil
                }
            }
        }
        if let batch = batcher.flush() { await output.send(batch) }
    }

    private enum Received: Sendable {
        case record(SourceRecord)
        case timedOut
        case finished
    }

    /// The next record, or `.timedOut` at `deadline`. A record taken while the timer fires is not lost: the
    /// group waits for both children and keeps it.
    private static func receive(from input: BoundedChannel<SourceRecord>, until deadline: ContinuousClock.Instant) async -> Received {
        if deadline <= .now { return .timedOut }
        return await withTaskGroup(of: Received.self) { group in
            group.addTask { await input.receive().map(Received.record) ?? (Task.isCancelled ? .timedOut : .finished) }
            group.addTask {
                try? await Task.sleep(until: deadline)
                return .timedOut
            }
            let first = await group.next()!
            group.cancelAll()
            var result = first
            while let other = await group.next() {
                if case .record = other { result = other }
            }
            if case .record = first { result = first }
            return result
        }
    }
}
