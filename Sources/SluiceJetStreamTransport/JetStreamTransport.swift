import FoundationEssentials
import JetStream
import NATS
import NIOCore
import SluiceCore
import SluiceRuntime
import Synchronization

/// The production transport: NATS JetStream.
///
/// Each pipeline gets a work-queue stream `SLUICE_<PIPELINE>` on its transport subject (or, for a `jetstream`
/// source, the configured stream, filtered by its subjects) with a durable pull consumer named after the pipeline (explicit acks, no delivery limit: the pipeline enforces
/// ``RetrySettings/maxDeliver``), and a stream `SLUICE_DLQ_<PIPELINE>` on its DLQ subject. Publishes carry
/// `Nats-Msg-Id`, so a batch published twice (a restart before the checkpoint was saved) is stored once.
/// Dead letters are messages in the DLQ stream with the error and original subject in headers; their id is
/// `<pipeline>:<stream sequence>`.
public final class JetStreamTransport: Transport {
    public var name: String { "jetstream" }
    /// The JetStream context.
    public let context: JetStreamContext
    private let publisher: JetStreamPublisher
    private let bindings = Mutex<[String: TransportBinding]>([:])
    /// One consumer handle per pipeline, kept so that its fetches reuse one inbox subscription.
    private let consumers = Mutex<[String: PullConsumer]>([:])

    /// The client, when the transport connected it and closes it; `nil` when the caller owns the client.
    private let ownedClient: NATSClient?

    /// Wraps a connected client.
    ///
    /// - Parameters:
    ///   - client: The connection.
    ///   - ownsClient: Whether ``close()`` also drains and closes the client, and readiness reports its connection.
    public static func make(client: NATSClient, ownsClient: Bool = false) async throws(TransportError) -> JetStreamTransport {
        let context = JetStreamContext(client: client)
        do {
            let publisher = try await context.makePublisher(options: JetStreamPublisher.Options(maxPending: 1024, ackTimeout: .seconds(10)))
            return JetStreamTransport(context: context, publisher: publisher, ownedClient: ownsClient ? client : nil)
        } catch {
            throw TransportError(.unavailable, "cannot start a JetStream publisher: \(error)")
        }
    }

    private init(context: JetStreamContext, publisher: JetStreamPublisher, ownedClient: NATSClient?) {
        self.context = context
        self.publisher = publisher
        self.ownedClient = ownedClient
    }

    /// The stream holding a pipeline's input.
    static func streamName(_ pipeline: String) -> String { "SLUICE_" + pipeline.uppercased() }
    /// The stream holding a pipeline's dead letters.
    static func deadLetterStreamName(_ pipeline: String) -> String { "SLUICE_DLQ_" + pipeline.uppercased() }

    /// Whether the server answers "stream not found" for `stream`; other failures are thrown.
    private static func isMissing(_ stream: String, in context: JetStreamContext) async throws -> Bool {
        do {
            _ = try await context.streamInfo(stream)
            return false
        } catch let error as JetStreamError where error.errorCode == .streamNotFound {
            return true
        }
    }

    /// The stream a binding's consumer reads: its own, or the external one of a `jetstream` source.
    static func stream(of binding: TransportBinding) -> String {
        if case .existingStream(let external) = binding.input { external.stream } else { streamName(binding.pipeline) }
    }

    public func prepare(_ binding: TransportBinding) async throws(TransportError) {
        let dlq = StreamConfig(name: Self.deadLetterStreamName(binding.pipeline), subjects: [binding.deadLetterSubject])
        var consumer = ConsumerConfig(durableName: binding.pipeline)
        consumer.ackPolicy = .explicit
        consumer.ackWait = binding.ackWait
        consumer.maxAckPending = 20_000
        try await wrap("prepare streams for \(binding.pipeline)") {
            if case .existingStream(let external) = binding.input {
                // A stream another role fills; made here only when the server says it does not exist, so either side may
                // start first. Any other answer is an error: a stream Sluice did not make keeps its configuration.
                if try await Self.isMissing(external.stream, in: context) {
                    var stream = StreamConfig(name: external.stream, subjects: external.subjects.isEmpty ? [binding.subject] : external.subjects)
                    stream.duplicateWindow = .seconds(120)
                    _ = try await context.createOrUpdateStream(stream)
                }
                if external.subjects.count == 1 { consumer.filterSubject = external.subjects[0] }
                if external.subjects.count > 1 { consumer.filterSubjects = external.subjects }
                if external.deliverNew { consumer.deliverPolicy = .new }
            } else {
                var input = StreamConfig(name: Self.streamName(binding.pipeline), subjects: [binding.subject])
                input.retention = .workQueue
                input.duplicateWindow = .seconds(120)
                _ = try await context.createOrUpdateStream(input)
                consumer.filterSubject = binding.subject
            }
            _ = try await context.createOrUpdateStream(dlq)
            _ = try await context.createOrUpdateConsumer(stream: Self.stream(of: binding), config: consumer)
        }
        bindings.withLock { $0[binding.pipeline] = binding }
    }

    public func publish(_ messages: [TransportOutgoingMessage]) async throws(TransportError) {
        try await wrap("publish") {
            var futures: [PubAckFuture] = []
            futures.reserveCapacity(messages.count)
            for message in messages {
                futures.append(
                    try await publisher.publish(
                        message.subject,
                        payload: message.payload,
                        headers: Self.headers(message.headers),
                        options: PublishOptions(messageID: message.messageID)
                    )
                )
            }
            for future in futures { _ = try await future.value() }
        }
    }

    public func fetch(_ binding: TransportBinding, batch: Int, expires: Duration) async throws(TransportError) -> [TransportMessage] {
        let consumer = consumer(for: binding)
        return try await wrap("fetch") {
            var result: [TransportMessage] = []
            for try await message in try await consumer.fetch(batch: batch, expires: max(expires, .milliseconds(1))) {
                let metadata = try? message.metadata()
                result.append(
                    TransportMessage(
                        subject: message.subject,
                        payload: message.payload,
                        headers: Self.dictionary(message.headers),
                        deliveryCount: metadata.map { Int($0.numDelivered) } ?? 1,
                        storedAt: metadata.map { WallClock.Instant(nanoseconds: $0.timestampNanoseconds) },
                        receipt: message
                    )
                )
            }
            return result
        }
    }

    private func consumer(for binding: TransportBinding) -> PullConsumer {
        let stream = Self.stream(of: binding)
        return consumers.withLock { consumers in
            if let kept = consumers[binding.pipeline], kept.stream == stream { return kept }
            let consumer = PullConsumer(context: context, stream: stream, name: binding.pipeline)
            consumers[binding.pipeline] = consumer
            return consumer
        }
    }

    public func ack(_ message: TransportMessage) async throws(TransportError) {
        try await wrap("ack") { try await jetStreamMessage(message).ackSync() }
    }

    public func nak(_ message: TransportMessage, delay: Duration) async throws(TransportError) {
        try await wrap("nak") { try await jetStreamMessage(message).nak(delay: delay) }
    }

    public func term(_ message: TransportMessage, reason: String) async throws(TransportError) {
        try await wrap("term") { try await jetStreamMessage(message).term(reason: reason) }
    }

    public func inProgress(_ message: TransportMessage) async throws(TransportError) {
        try await wrap("in progress") { try await jetStreamMessage(message).inProgress() }
    }

    public func pending(_ binding: TransportBinding) async throws(TransportError) -> Int {
        try await wrap("pending") {
            let info = try await context.consumerInfo(stream: Self.stream(of: binding), name: binding.pipeline)
            return Int(info.numPending) + info.numAckPending
        }
    }

    public func deadLetter(_ letter: OutgoingDeadLetter) async throws(TransportError) {
        try await wrap("dead-letter") {
            _ = try await context.publish(letter.deadLetterSubject, payload: letter.payload, headers: Self.headers(letter.headers))
        }
    }

    /// The cursor is the id of the previous page's last dead letter; with `pipeline` `nil` the pages go through the
    /// pipelines in name order, each newest first.
    public func deadLetters(pipeline: String?, limit: Int, cursor: String?) async throws(TransportError) -> DeadLetterPage {
        let limit = max(1, limit)
        var names = pipelines(pipeline)
        var below: UInt64?
        if let cursor {
            guard let (name, sequence) = Self.parse(id: cursor), let index = names.firstIndex(of: name) else {
                throw TransportError(.invalidArgument, "\"\(cursor)\" is not a dead-letter cursor of \(pipeline ?? "these pipelines")")
            }
            names = Array(names[index...])
            below = sequence
        }
        var letters: [DeadLetter] = []
        // One more than the page, to know whether another page follows.
        for name in names where letters.count <= limit {
            letters += try await stored(pipeline: name, below: below, limit: limit + 1 - letters.count).map(\.letter)
            below = nil
        }
        let page = Array(letters.prefix(limit))
        return DeadLetterPage(letters: page, nextCursor: letters.count > limit ? page.last?.id : nil)
    }

    /// One `STREAM.MSG.GET`; an id of no stream or no message is `nil`.
    public func deadLetter(id: String) async throws(TransportError) -> DeadLetter? {
        guard let (pipeline, sequence) = Self.parse(id: id) else { return nil }
        return try await wrap("read a dead letter") {
            do {
                let message = try await context.getMessage(stream: Self.deadLetterStreamName(pipeline), sequence: sequence)
                return Self.letter(message, pipeline: pipeline)
            } catch let error as JetStreamError where error.errorCode == .noMessageFound || error.errorCode == .streamNotFound {
                return nil
            }
        }
    }

    public func takeDeadLetters(pipeline: String?, ids: [String]?) async throws(TransportError) -> [DeadLetter] {
        guard let ids else {
            var taken: [DeadLetter] = []
            for name in pipelines(pipeline) {
                while true {
                    // Each round deletes what it read, so the next one starts from the newest again.
                    let page = try await stored(pipeline: name, below: nil, limit: 1000)
                    if page.isEmpty { break }
                    for item in page {
                        if try await delete(pipeline: name, sequence: item.sequence) { taken.append(item.letter) }
                    }
                }
            }
            return taken
        }
        var taken: [DeadLetter] = []
        for id in ids {
            guard let (name, sequence) = Self.parse(id: id), pipeline == nil || pipeline == name,
                let letter = try await deadLetter(id: id),
                try await delete(pipeline: name, sequence: sequence)
            else { continue }
            taken.append(letter)
        }
        return taken
    }

    /// Deletes one dead letter; `false` when it was gone already.
    private func delete(pipeline: String, sequence: UInt64) async throws(TransportError) -> Bool {
        try await wrap("delete a dead letter") {
            do {
                try await context.deleteMessage(stream: Self.deadLetterStreamName(pipeline), sequence: sequence)
                return true
            } catch let error as JetStreamError where error.code == .api {
                // Deleted by another call since it was read is no failure; anything else is.
                do {
                    _ = try await context.getMessage(stream: Self.deadLetterStreamName(pipeline), sequence: sequence)
                } catch let gone as JetStreamError where gone.errorCode == .noMessageFound {
                    return false
                }
                throw error
            }
        }
    }

    /// Up to `limit` dead letters of one pipeline, newest first, below sequence `below` (`nil`: from the newest).
    ///
    /// Sequences of deleted dead letters (replayed ones) are passed over; any other failure to read one is thrown.
    private func stored(pipeline: String, below: UInt64?, limit: Int) async throws(TransportError) -> [(letter: DeadLetter, sequence: UInt64)] {
        let stream = Self.deadLetterStreamName(pipeline)
        return try await wrap("list dead letters") {
            let info: StreamInfo
            do {
                info = try await context.streamInfo(stream)
            } catch let error as JetStreamError where error.errorCode == .streamNotFound {
                return []  // a pipeline this process never prepared has no dead letters here, as on the SQLite queue
            }
            let state = info.state
            guard state.messages > 0, below.map({ $0 > 1 }) ?? true else { return [] }
            var result: [(DeadLetter, UInt64)] = []
            var sequence = min(state.lastSequence, (below ?? .max) - 1)
            while sequence >= max(state.firstSequence, 1), result.count < limit {
                do {
                    let message = try await context.getMessage(stream: stream, sequence: sequence)
                    result.append((Self.letter(message, pipeline: pipeline), sequence))
                } catch let error as JetStreamError where error.errorCode == .noMessageFound {
                    // deleted: a gap in the sequence
                }
                sequence -= 1
            }
            return result
        }
    }

    private func pipelines(_ pipeline: String?) -> [String] {
        if let pipeline { return [pipeline] }
        return bindings.withLock { Array($0.keys) }.sorted()
    }

    private static func letter(_ message: StoredMessage, pipeline: String) -> DeadLetter {
        let headers = dictionary(message.headers)
        return DeadLetter(
            id: "\(pipeline):\(message.sequence)",
            pipeline: headers[SluiceHeader.pipeline] ?? pipeline,
            subject: headers[SluiceHeader.originalSubject] ?? message.subject,
            reason: headers[SluiceHeader.error] ?? "",
            deliveries: Int(headers[SluiceHeader.deliveries] ?? "") ?? 0,
            failedAt: headers[SluiceHeader.failedAt] ?? message.time.map(RFC3339.format) ?? "",
            rawPayload: message.payload
        )
    }

    private static func parse(id: String) -> (String, UInt64)? {
        guard let colon = id.lastIndex(of: ":"), let sequence = UInt64(id[id.index(after: colon)...]) else { return nil }
        return (String(id[..<colon]), sequence)
    }

    public func close() async {
        consumers.withLock { $0.removeAll() }
        try? await publisher.waitForPendingAcks()
        await publisher.close()
        if let ownedClient { try? await ownedClient.drain(timeout: .seconds(5)) }
    }

    public var readinessProblems: [String] {
        if let ownedClient, !ownedClient.isConnected { return ["not connected to NATS"] }
        return []
    }

    static func headers(_ dictionary: [String: String]) -> NATSHeaders? {
        guard !dictionary.isEmpty else { return nil }
        return NATSHeaders(dictionary.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    static func dictionary(_ headers: NATSHeaders?) -> [String: String] {
        var result: [String: String] = [:]
        for field in headers ?? NATSHeaders() { result[field.name] = field.value }
        return result
    }

    private func jetStreamMessage(_ message: TransportMessage) -> JetStreamMessage {
        message.receipt as! JetStreamMessage
    }

    func wrap<T>(_ what: String, _ body: () async throws -> T) async throws(TransportError) -> T {
        do {
            return try await body()
        } catch let error as JetStreamError where error.code == .api {
            throw TransportError(.rejected, "\(what): \(error)")
        } catch {
            throw TransportError(.unavailable, "\(what): \(error)")
        }
    }
}
