#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import NIOCore
import Synchronization

/// The consuming half of a pipeline: fetches messages from the transport, processes their records, writes them
/// to the sink and settles each message.
///
/// Per message: records that cannot be delivered are dead-lettered one by one, the others go to the sink in one
/// write, and the message is acknowledged only after both. A sink failure naks the message with the retry
/// backoff; on the last allowed delivery its records are dead-lettered instead, with the error. Nothing is
/// acknowledged that did not reach the sink or the DLQ.
struct DeliverStage: Sendable {
    let config: PipelineConfig
    let binding: TransportBinding
    let transport: any Transport
    let sink: any RecordSink
    let processor: RecordProcessor
    let counters: PipelineCounters
    let gate: PauseGate
    let logger: Logger
    /// Called with the last retryable error, or `nil` after a success.
    let reportError: @Sendable (String?) -> Void

    /// Runs until `stopping` returns true (then finishes the messages it holds) or the task is cancelled.
    func run(stopping: @escaping @Sendable () -> Bool) async throws {
        let work = BoundedChannel<TransportMessage>(capacity: config.concurrency)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<config.concurrency {
                group.addTask {
                    while let message = await work.receive() {
                        await handle(message)
                    }
                }
            }
            group.addTask {
                defer { work.finish() }
                var failures = 0
                while !stopping(), !Task.isCancelled {
                    if gate.isPaused {
                        await gate.wait()
                        continue
                    }
                    if case .unavailable(let until, let reason) = sink.availability {
                        // A circuit breaker is open: fetch nothing until it lets a probe through.
                        reportError(reason)
                        try? await Task.sleep(until: min(until, .now + .milliseconds(250)))
                        continue
                    }
                    let messages: [TransportMessage]
                    do {
                        messages = try await transport.fetch(binding, batch: config.concurrency * 2, expires: .milliseconds(250))
                        failures = 0
                    } catch {
                        failures += 1
                        reportError("fetch failed: \(error)")
                        logger.warning("fetch failed", metadata: ["pipeline": "\(config.name)", "error": "\(error)"])
                        try? await Task.sleep(for: .milliseconds(min(5000, 100 * (1 << min(failures, 6)))))
                        continue
                    }
                    for message in messages {
                        if !(await work.send(message)) {
                            // Cancelled: hand it back at once rather than waiting for the ack wait.
                            try? await transport.nak(message, delay: .zero)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Processes and settles one message.
    func handle(_ message: TransportMessage) async {
        let records = BatchCodec.split(message.payload)
        let now = Date()
        // Records from another pipeline's stream carry the time their first stage received them; others start now.
        let receivedAt = WallClock.Instant(headerValue: message.headers[SluiceHeader.receivedAt]) ?? .now
        var deliveries: [SinkRecord] = []
        var rejects: [(reason: String, subject: String?, bytes: ByteBuffer)] = []
        var filtered = 0
        for record in records {
            switch processor.process(record, now: now) {
            case .deliver(var item):
                item.receivedAt = receivedAt
                deliveries.append(item)
            case .filtered: filtered += 1
            case .reject(let reason, let subject): rejects.append((reason, subject, record))
            }
        }

        var sinkRejects: [(String, SinkRecord)] = []
        if !deliveries.isEmpty {
            let start = ContinuousClock.now
            do {
                let results = try await sink.write(deliveries)
                counters.recordBatch(size: deliveries.count, sinkLatency: ContinuousClock.now - start)
                for (result, record) in zip(results, deliveries) {
                    if case .rejected(let reason) = result { sinkRejects.append((reason, record)) }
                }
                reportError(nil)
            } catch {
                counters.recordFailed(deliveries.count)
                let reason = "sink failed: \(error)"
                reportError(reason)
                if error is SinkUnavailable || message.deliveryCount < config.retry.maxDeliver {
                    let delay = config.retry.delay(afterDelivery: message.deliveryCount)
                    logger.warning("sink failed; retrying", metadata: ["pipeline": "\(config.name)", "delay": "\(delay)", "error": "\(error)"])
                    try? await transport.nak(message, delay: delay)
                    return
                }
                let final = "gave up after \(message.deliveryCount) deliveries (retry.max_deliver): \(reason)"
                sinkRejects = deliveries.map { (final, $0) }
            }
        }
        let delivered = deliveries.count - sinkRejects.count

        // Dead letters: records rejected before the sink, then those the sink refused.
        // A record read from another stream keeps that stream's subject, so a replay goes back where it came from.
        let consumesStream = binding.external != nil
        var letters = rejects.map {
            OutgoingDeadLetter(
                pipeline: config.name, originalSubject: consumesStream ? message.subject : ($0.subject ?? message.subject), deadLetterSubject: config.deadLetterSubject,
                reason: $0.reason, deliveries: message.deliveryCount, payload: $0.bytes
            )
        }
        letters += sinkRejects.map { reason, record in
            OutgoingDeadLetter(
                pipeline: config.name, originalSubject: consumesStream ? message.subject : record.subject, deadLetterSubject: config.deadLetterSubject, reason: reason,
                deliveries: message.deliveryCount, payload: ByteBuffer(bytes: record.envelope.encoded())
            )
        }
        do {
            for letter in letters { try await transport.deadLetter(letter) }
        } catch {
            // The sink write is idempotent, so redelivering the whole message is safe.
            reportError("dead-lettering failed: \(error)")
            try? await transport.nak(message, delay: config.retry.delay(afterDelivery: message.deliveryCount))
            return
        }
        do {
            try await transport.ack(message)
        } catch {
            logger.warning("ack failed; the message will be delivered again", metadata: ["pipeline": "\(config.name)", "error": "\(error)"])
            return
        }
        counters.recordOut(delivered)
        counters.recordEndToEnd(receivedAt.elapsed, count: delivered)
        counters.recordDeadLettered(letters.count)
        counters.recordFiltered(filtered)
    }
}
