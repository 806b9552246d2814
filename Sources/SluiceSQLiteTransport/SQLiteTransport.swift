import FoundationEssentials
import NIOCore
import SluiceCore
import SluiceRuntime
import SluiceSQLite

/// The embedded transport: ``SluiceSQLite/SQLiteQueue`` in one file, for running without a `nats-server`.
///
/// Each pipeline gets a durable consumer named after it, reading its transport subject. Dead letters
/// are published to the pipeline's DLQ subject, read by a second consumer (`<pipeline>__dlq`) and
/// terminated with their reason at once, so they rest in the queue's dead-letter table with the subject,
/// headers and reason, exactly as JetStream keeps them in a DLQ stream.
public final class SQLiteTransport: Transport {
    public var name: String { "sqlite" }
    /// The queue.
    public let queue: SQLiteQueue

    /// Opens (or creates) the queue file at `path`, syncing commits as `synchronous` says.
    public static func open(path: String, synchronous: SynchronousMode = .full) async throws(TransportError) -> SQLiteTransport {
        var configuration = SQLiteQueue.Configuration()
        configuration.synchronous = synchronous
        do {
            return SQLiteTransport(queue: try await SQLiteQueue.open(path: path, configuration: configuration))
        } catch {
            throw TransportError(.unavailable, "cannot open the SQLite queue at \(path): \(error)")
        }
    }

    /// Wraps an open queue.
    public init(queue: SQLiteQueue) {
        self.queue = queue
    }

    static func deadLetterConsumer(_ pipeline: String) -> String { pipeline + deadLetterSuffix }
    /// What ends the name of every pipeline's dead-letter consumer.
    static let deadLetterSuffix = "__dlq"

    public func prepare(_ binding: TransportBinding) async throws(TransportError) {
        if case .existingStream(let external) = binding.input {
            throw TransportError(
                .rejected,
                "pipeline \(binding.pipeline) consumes the JetStream stream \(external.stream), which needs transport: jetstream"
            )
        }
        var consumer = QueueConsumerConfiguration(name: binding.pipeline, filterSubject: binding.subject)
        consumer.maxDeliver = nil  // the pipeline counts deliveries and dead-letters records itself
        consumer.ackWait = binding.ackWait
        var dlq = QueueConsumerConfiguration(name: Self.deadLetterConsumer(binding.pipeline), filterSubject: binding.deadLetterSubject)
        dlq.maxDeliver = nil
        try await wrap("prepare the queue for \(binding.pipeline)") {
            try await queue.addConsumer(consumer)
            try await queue.addConsumer(dlq)
        }
        try await settleDeadLetters(pipeline: binding.pipeline)
    }

    public func publish(_ messages: [TransportOutgoingMessage]) async throws(TransportError) {
        let outgoing = messages.map {
            QueueOutgoingMessage(subject: $0.subject, payload: $0.payload, headers: $0.headers, messageID: $0.messageID)
        }
        try await wrap("publish") { _ = try await queue.publish(outgoing) }
    }

    public func fetch(_ binding: TransportBinding, batch: Int, expires: Duration) async throws(TransportError) -> [TransportMessage] {
        try await wrap("fetch") {
            try await queue.fetch(consumer: binding.pipeline, batch: batch, expires: expires).map {
                TransportMessage(
                    subject: $0.subject,
                    payload: $0.payload,
                    headers: $0.headers,
                    deliveryCount: $0.deliveryCount,
                    storedAt: WallClock.Instant(nanoseconds: Int64($0.publishedAt.timeIntervalSince1970 * 1e9)),
                    receipt: $0.receipt
                )
            }
        }
    }

    public func ack(_ message: TransportMessage) async throws(TransportError) {
        try await wrap("ack") { _ = try await queue.ack(receipt(message)) }
    }

    public func nak(_ message: TransportMessage, delay: Duration) async throws(TransportError) {
        try await wrap("nak") { _ = try await queue.nak(receipt(message), delay: delay) }
    }

    /// Its records are in the pipeline's dead letters already, so the message is only removed (the queue's own term
    /// would keep a second copy, under the pipeline's consumer, that the DLQ commands never show).
    public func term(_ message: TransportMessage, reason: String) async throws(TransportError) {
        try await wrap("term") { _ = try await queue.ack(receipt(message)) }
    }

    public func inProgress(_ message: TransportMessage) async throws(TransportError) {
        try await wrap("in progress") { _ = try await queue.inProgress(receipt(message)) }
    }

    public func pending(_ binding: TransportBinding) async throws(TransportError) -> Int {
        try await wrap("pending") { try await queue.pending(consumer: binding.pipeline).total }
    }

    public func deadLetter(_ letter: OutgoingDeadLetter) async throws(TransportError) {
        try await wrap("dead-letter") {
            _ = try await queue.publish(subject: letter.deadLetterSubject, payload: letter.payload, headers: letter.headers)
        }
        try await settleDeadLetters(pipeline: letter.pipeline)
    }

    /// Terminates what waits on the DLQ consumer, so it moves to the dead-letter table with its reason.
    private func settleDeadLetters(pipeline: String) async throws(TransportError) {
        try await wrap("dead-letter") {
            while true {
                let waiting = try await queue.fetch(consumer: Self.deadLetterConsumer(pipeline), batch: 100)
                if waiting.isEmpty { return }
                for message in waiting {
                    _ = try await queue.term(message.receipt, reason: message.headers[SluiceHeader.error] ?? "dead-lettered")
                }
            }
        }
    }

    /// The cursor is the id of the previous page's last dead letter.
    public func deadLetters(pipeline: String?, limit: Int, cursor: String?) async throws(TransportError) -> DeadLetterPage {
        var before: Int64?
        if let cursor {
            guard let id = Int64(cursor) else {
                throw TransportError(.invalidArgument, "\"\(cursor)\" is not a dead-letter cursor of the SQLite queue")
            }
            before = id
        }
        let page = try await wrap("list dead letters") {
            try await queue.newestDeadLetters(Self.selection(pipeline), limit: max(1, limit) + 1, beforeID: before)
        }
        let letters = page.prefix(max(1, limit))
        return DeadLetterPage(
            letters: letters.map(Self.convert),
            nextCursor: page.count > letters.count ? letters.last.map { String($0.id) } : nil
        )
    }

    public func deadLetter(id: String) async throws(TransportError) -> DeadLetter? {
        guard let number = Int64(id) else { return nil }
        let found = try await wrap("read a dead letter") { try await queue.deadLetters(.ids([number]), limit: 1) }
        return found.first { $0.consumer.hasSuffix(Self.deadLetterSuffix) }.map(Self.convert)
    }

    public func takeDeadLetters(pipeline: String?, ids: [String]?) async throws(TransportError) -> [DeadLetter] {
        try await wrap("take dead letters") {
            if let ids {
                let found = try await queue.deadLetters(.ids(ids.compactMap(Int64.init)), limit: max(1, ids.count))
                let wanted = pipeline.map(Self.deadLetterConsumer)
                return try await remove(
                    found.filter { letter in
                        if let wanted { letter.consumer == wanted } else { letter.consumer.hasSuffix(Self.deadLetterSuffix) }
                    }
                )
            }
            var taken: [DeadLetter] = []
            while true {
                // Each round removes what it read, so the next one starts from the newest again.
                let page = try await queue.newestDeadLetters(Self.selection(pipeline), limit: 1000)
                if page.isEmpty { return taken }
                taken += try await remove(page)
            }
        }
    }

    /// Deletes `letters`; returns those this call deleted (not those another deleted first).
    private func remove(_ letters: [QueueDeadLetter]) async throws -> [DeadLetter] {
        let removed = Set(try await queue.deleteDeadLetters(ids: letters.map(\.id)))
        return letters.filter { removed.contains($0.id) }.map(Self.convert)
    }

    /// The dead letters the pipelines wrote, of one pipeline or all.
    private static func selection(_ pipeline: String?) -> DeadLetterSelection {
        pipeline.map { .consumer(deadLetterConsumer($0)) } ?? .consumerSuffix(deadLetterSuffix)
    }

    private static func convert(_ letter: QueueDeadLetter) -> DeadLetter {
        DeadLetter(
            id: String(letter.id),
            pipeline: letter.headers[SluiceHeader.pipeline] ?? String(letter.consumer.dropLast(deadLetterSuffix.count)),
            subject: letter.headers[SluiceHeader.originalSubject] ?? letter.subject,
            reason: letter.headers[SluiceHeader.error] ?? letter.reason,
            deliveries: Int(letter.headers[SluiceHeader.deliveries] ?? "") ?? 0,
            failedAt: letter.headers[SluiceHeader.failedAt] ?? RFC3339.format(letter.failedAt),
            rawPayload: letter.payload
        )
    }

    public func close() async {
        try? await queue.close()
    }

    private func receipt(_ message: TransportMessage) -> QueueReceipt {
        message.receipt as! QueueReceipt
    }

    public func claimDeadLetterReplay(pipeline: String, holder: String, lease: Duration) async throws(TransportError) -> Bool {
        try await wrap("claim the replay of \(pipeline)'s dead letters") {
            try await queue.claim(Self.replayClaim(pipeline), holder: holder, lease: lease)
        }
    }

    public func releaseDeadLetterReplay(pipeline: String, holder: String) async throws(TransportError) {
        try await wrap("release the replay of \(pipeline)'s dead letters") {
            try await queue.releaseClaim(Self.replayClaim(pipeline), holder: holder)
        }
    }

    static func replayClaim(_ pipeline: String) -> String { "dead-letter-replay/" + pipeline }

    private func wrap<T>(_ what: String, _ body: () async throws -> T) async throws(TransportError) -> T {
        do {
            return try await body()
        } catch let error as SluiceSQLiteError where error.code == .closed {
            throw TransportError(.closed, "\(what): the queue is closed")
        } catch let error as SluiceSQLiteError where error.code == .invalidArgument {
            throw TransportError(.rejected, "\(what): \(error.message)")
        } catch {
            throw TransportError(.unavailable, "\(what): \(error)")
        }
    }
}
