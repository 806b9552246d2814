import Logging
import NIOCore
import Synchronization

/// The consuming half of a pipeline: fetches messages from the transport, processes their records, writes them
/// to the sink and settles each message.
///
/// Fetched messages are grouped up to `batch.max_records` records and `batch.max_bytes` bytes, so a stream of one
/// envelope per message (the write role) still reaches the sink in bulk. Per group: records that cannot be delivered
/// are dead-lettered one by one, the others go to the sink in one write, and each message is acknowledged only after
/// both. A sink failure naks the group's messages with the retry backoff; a message on its last allowed delivery has
/// its records dead-lettered instead, with the error. Nothing is acknowledged that did not reach the sink or the DLQ.
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
        let work = BoundedChannel<[TransportMessage]>(capacity: config.concurrency)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<config.concurrency {
                group.addTask {
                    while let messages = await work.receive() {
                        await handle(messages)
                    }
                }
            }
            group.addTask {
                defer { work.finish() }
                var failures = 0
                var lastFetched = 0
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
                        // Idle, a stream of single envelopes is watched for its next message only, so the first one
                        // after a quiet spell goes out at once; while messages flow, a batch fills for up to max_age.
                        let idle = binding.input.isExistingStream && lastFetched == 0
                        messages = try await transport.fetch(
                            binding,
                            batch: idle ? 1 : fetchSize,
                            expires: idle ? .milliseconds(250) : fetchWait
                        )
                        lastFetched = messages.count
                        failures = 0
                    } catch {
                        failures += 1
                        reportError("fetch failed: \(error)")
                        logger.warning("fetch failed", metadata: ["pipeline": "\(config.name)", "error": "\(error)"])
                        try? await Task.sleep(for: .milliseconds(min(5000, 100 * (1 << min(failures, 6)))))
                        continue
                    }
                    for group in groups(messages) {
                        if !(await work.send(group)) {
                            // Cancelled: hand them back at once rather than waiting for the ack wait.
                            for message in group { try? await transport.nak(message, delay: .zero) }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Messages per fetch: a stream of single envelopes is fetched a sink batch per worker at a time; the
    /// pipeline's own batches (hundreds of records each) two per worker.
    private var fetchSize: Int {
        !binding.input.isExistingStream ? config.concurrency * 2 : config.batch.maxRecords * config.concurrency
    }

    /// How long a fetch waits for its messages: the batch age for single envelopes (that is how a bulk fills).
    private var fetchWait: Duration {
        !binding.input.isExistingStream ? .milliseconds(250) : max(config.batch.maxAge, .milliseconds(1))
    }

    /// Splits fetched messages into groups of at most `batch.max_records` records and `batch.max_bytes` bytes.
    func groups(_ messages: [TransportMessage]) -> [[TransportMessage]] {
        var result: [[TransportMessage]] = []
        var current: [TransportMessage] = []
        var records = 0
        var bytes = 0
        for message in messages {
            let count = Int(message.headers[SluiceHeader.batchCount] ?? "") ?? 1
            let size = message.payload.readableBytes
            if !current.isEmpty, records + count > config.batch.maxRecords || bytes + size > config.batch.maxBytes {
                result.append(current)
                current = []
                records = 0
                bytes = 0
            }
            current.append(message)
            records += count
            bytes += size
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// One message's part of a group: its records' outcomes before the sink, and where its deliveries sit in the
    /// group's sink write.
    private struct Part: Sendable {
        var message: TransportMessage
        var deliveries: Range<Int>
        var rejects: [(reason: String, subject: String?, bytes: ByteBuffer)] = []
        var filtered = 0
        var receivedAt: WallClock.Instant
        /// Whether it was already handed back (nak) and needs nothing more.
        var settled = false
    }

    /// Processes a group of messages, writes their deliverable records to the sink at once, and settles each.
    func handle(_ messages: [TransportMessage]) async {
        let now = DecodingTime()
        var deliveries: [SinkRecord] = []
        var parts: [Part] = []
        for message in messages {
            let records = BatchCodec.split(message.payload)
            // Records from another pipeline's stream carry the time their first stage received them; others start now.
            let receivedAt = WallClock.Instant(headerValue: message.headers[SluiceHeader.receivedAt]) ?? .now
            let first = deliveries.count
            var part = Part(message: message, deliveries: first..<first, receivedAt: receivedAt)
            for record in records {
                switch processor.process(record, at: now) {
                case .deliver(var item):
                    item.receivedAt = receivedAt
                    deliveries.append(item)
                case .filtered: part.filtered += 1
                case .reject(let reason, let subject): part.rejects.append((reason, subject, record))
                }
            }
            part.deliveries = first..<deliveries.count
            parts.append(part)
        }

        // The sink's verdict per delivery: nil delivered, a reason when refused.
        var refusals = [String?](repeating: nil, count: deliveries.count)
        if !deliveries.isEmpty {
            let start = ContinuousClock.now
            do {
                let results = try await sink.write(deliveries)
                counters.recordBatch(size: deliveries.count, sinkLatency: ContinuousClock.now - start)
                for (position, result) in results.enumerated() where position < refusals.count {
                    if case .rejected(let reason) = result { refusals[position] = reason }
                }
                reportError(nil)
            } catch {
                counters.recordFailed(deliveries.count)
                let reason = "sink failed: \(error)"
                reportError(reason)
                var retried = 0
                for index in parts.indices where !parts[index].deliveries.isEmpty {
                    let message = parts[index].message
                    if error is SinkUnavailable || message.deliveryCount < config.retry.maxDeliver {
                        try? await transport.nak(message, delay: config.retry.delay(afterDelivery: message.deliveryCount))
                        parts[index].settled = true
                        retried += 1
                    } else {
                        let final = "gave up after \(message.deliveryCount) deliveries (retry.max_deliver): \(reason)"
                        for position in parts[index].deliveries { refusals[position] = final }
                    }
                }
                if retried > 0 {
                    logger.warning(
                        "sink failed; retrying",
                        metadata: ["pipeline": "\(config.name)", "messages": "\(retried)", "error": "\(error)"]
                    )
                }
            }
        }
        // Settled side by side: each acknowledgement waits for the server, one after another they would cap the rate.
        let verdicts = refusals
        let written = deliveries
        await withTaskGroup(of: Void.self) { group in
            for part in parts where !part.settled {
                group.addTask { await settle(part, deliveries: written, refusals: verdicts) }
            }
        }
    }

    /// Dead-letters a message's rejected records, then acknowledges it (terminates it when all were rejected).
    private func settle(_ part: Part, deliveries: [SinkRecord], refusals: [String?]) async {
        let message = part.message
        // A record read from another stream keeps that stream's subject, so a replay goes back where it came from.
        let consumesStream = binding.input.isExistingStream
        // A replayed dead letter carries the deliveries it had; failing again, it comes back with one more.
        let tries = message.deliveryCount + (Int(message.headers[SluiceHeader.deliveries] ?? "") ?? 0)
        var letters = part.rejects.map {
            OutgoingDeadLetter(
                pipeline: config.name,
                originalSubject: consumesStream ? message.subject : ($0.subject ?? message.subject),
                deadLetterSubject: config.deadLetterSubject,
                reason: $0.reason,
                deliveries: tries,
                payload: $0.bytes
            )
        }
        var delivered = 0
        for position in part.deliveries {
            guard let reason = refusals[position] else {
                delivered += 1
                continue
            }
            let record = deliveries[position]
            letters.append(
                OutgoingDeadLetter(
                    pipeline: config.name,
                    originalSubject: consumesStream ? message.subject : record.subject,
                    deadLetterSubject: config.deadLetterSubject,
                    reason: reason,
                    deliveries: tries,
                    payload: ByteBuffer(bytes: record.envelope.encoded())
                )
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
            // A message whose every record was refused is terminated (JetStream reports it in its advisories); any
            // other is acknowledged.
            if delivered == 0, part.filtered == 0, let first = letters.first {
                try await transport.term(message, reason: first.reason)
            } else {
                try await transport.ack(message)
            }
        } catch {
            logger.warning("ack failed; the message will be delivered again", metadata: ["pipeline": "\(config.name)", "error": "\(error)"])
            return
        }
        counters.recordOut(delivered)
        counters.recordEndToEnd(part.receivedAt.elapsed, count: delivered)
        if let storedAt = message.storedAt { counters.recordHop(storedAt.elapsed, count: delivered) }
        counters.recordDeadLettered(letters.count)
        counters.recordFiltered(part.filtered)
    }
}
