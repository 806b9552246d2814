import NIOCore
import SluiceRouter

/// An SQS queue, standard or FIFO, as a router queue.
///
/// The body is the payload (SQS bodies are text, so payloads must be UTF-8); the routing fields and headers
/// travel as message attributes (``RouterHeader`` names, the headers as one JSON attribute). On a FIFO queue
/// the group is the `MessageGroupId` and the id the `MessageDeduplicationId`, so SQS keeps each group's order
/// and drops duplicates within its five-minute window; on a standard queue the group is an attribute and the
/// router alone keeps the order of the messages it holds. Acknowledgements that arrive together are sent as
/// `DeleteMessageBatch` requests of up to 10.
public struct SQSQueueConsumer: QueueConsumer, QueueProducer {
    /// The client.
    public let client: SQSClient
    /// The queue's URL.
    public let queueURL: String
    /// Whether it is a FIFO queue (its name ends in `.fifo`).
    public let fifo: Bool
    /// How long a polled message stays invisible, in whole seconds (at least 1).
    public let visibilityTimeout: Duration
    private let deletes: SettleBatcher<String>

    public var name: String { "sqs:\(queueURL.split(separator: "/").last ?? "")" }

    /// A FIFO queue does not hand back a group's messages behind a leased one, so a message to retry stays leased.
    public var handsBackRetries: Bool { !fifo }

    /// The header attribute that carries ``RouterMessage/headers`` as a JSON object.
    static let headersAttribute = "Sluice-Headers"

    /// Creates a consumer of the queue at `queueURL`.
    public init(client: SQSClient, queueURL: String, visibilityTimeout: Duration = .seconds(30)) {
        self.client = client
        self.queueURL = queueURL
        self.fifo = queueURL.hasSuffix(".fifo")
        self.visibilityTimeout = max(visibilityTimeout, .seconds(1))
        self.deletes = SettleBatcher(maxBatch: 10) { handles in try await client.deleteBatch(queueURL: queueURL, receiptHandles: handles) }
    }

    public func poll(max: Int) async throws -> [LeasedMessage] {
        try await receive(max: max, wait: 1, visibility: Int(visibilityTimeout.components.seconds)).map(\.leased)
    }

    /// SQS cannot read a message without receiving it: this receives with a visibility timeout of zero, so nothing
    /// is hidden from other receivers, until a receive brings nothing new. Each message's receive count
    /// (`ApproximateReceiveCount`) grows by one per receive that returned it, and on a standard queue SQS may leave
    /// some messages out of every receive.
    public func peek(max: Int) async throws -> [RouterMessage] {
        var seen: Set<String> = []
        var messages: [RouterMessage] = []
        while messages.count < max {
            let fresh = try await receive(max: max - messages.count, wait: 0, visibility: 0).filter { seen.insert($0.messageID).inserted }
            if fresh.isEmpty { break }
            messages += fresh.map(\.leased.message)
        }
        return messages
    }

    /// Receives up to `max` (at most 10) messages, hidden for `visibility` seconds.
    private func receive(max: Int, wait: Int, visibility: Int) async throws -> [(messageID: String, leased: LeasedMessage)] {
        let messages = try await client.receive(queueURL: queueURL, max: min(Swift.max(max, 1), 10), wait: wait, visibilityTimeout: visibility)
        return messages.compactMap { message in
            var attributes: [String: String] = [:]
            for (key, value) in message.MessageAttributes ?? [:] { attributes[key] = value.StringValue }
            let headers = attributes.removeValue(forKey: Self.headersAttribute).flatMap(Self.decodeHeaders) ?? [:]
            attributes.merge(headers) { routing, _ in routing }
            // An ungrouped message was sent to a FIFO queue in a group of its own, named by its id.
            if fifo, let group = message.Attributes?["MessageGroupId"], group != attributes[RouterHeader.id] {
                attributes[RouterHeader.group] = group
            }
            guard let decoded = RouterHeader.decode(headers: attributes, payload: ByteBuffer(string: message.Body), fallbackID: message.MessageId)
            else { return nil }
            let count = message.Attributes?["ApproximateReceiveCount"].flatMap { Int($0) } ?? 1
            return (message.MessageId, LeasedMessage(message: decoded, deliveryCount: count, receipt: message.ReceiptHandle))
        }
    }

    public func ack(_ message: LeasedMessage) async throws {
        try await deletes.submit(try handle(message))
    }

    public func nak(_ message: LeasedMessage, delay: Duration) async throws {
        let seconds = Int(delay.components.seconds) + (delay.components.attoseconds > 0 ? 1 : 0)
        try await client.changeVisibility(queueURL: queueURL, receiptHandle: try handle(message), seconds: min(seconds, 43_200))
    }

    public func extendVisibility(_ message: LeasedMessage) async throws {
        try await client.changeVisibility(
            queueURL: queueURL,
            receiptHandle: try handle(message),
            seconds: Int(visibilityTimeout.components.seconds)
        )
    }

    public func send(_ messages: [RouterMessage]) async throws {
        var start = 0
        while start < messages.count {
            let chunk = messages[start..<min(start + 10, messages.count)]
            let entries = chunk.enumerated().map { index, message in
                var attributes: [String: SQSWire.MessageAttribute] = [:]
                let routing = RouterHeader.encode(message).filter { $0.key.hasPrefix(RouterHeader.reservedPrefix) }
                for (key, value) in routing where !(fifo && key == RouterHeader.group) {
                    attributes[key] = SQSWire.MessageAttribute(DataType: "String", StringValue: value)
                }
                if !message.headers.isEmpty {
                    attributes[Self.headersAttribute] = SQSWire.MessageAttribute(DataType: "String", StringValue: Self.encodeHeaders(message.headers))
                }
                return SQSWire.SendEntry(
                    Id: "m\(index)",
                    MessageBody: String(buffer: message.payload),
                    MessageAttributes: attributes,
                    MessageGroupId: fifo ? (message.group ?? message.id) : nil,
                    MessageDeduplicationId: fifo ? String(message.deduplicationKey.prefix(128)) : nil
                )
            }
            try await client.sendBatch(SQSWire.SendBatch(QueueUrl: queueURL, Entries: entries))
            start += 10
        }
    }

    private func handle(_ message: LeasedMessage) throws -> String {
        guard let handle = message.receipt as? String else { throw RouterQueueError("\(name) was handed another queue's message") }
        return handle
    }
}
