import FoundationEssentials

/// What a JetStream message's ack subject says about it.
///
/// The server encodes it in the reply subject of every message a consumer delivers, in one of two layouts:
/// - `$JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<timestamp>.<pending>`
/// - `$JS.ACK.<domain>.<account hash>.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<timestamp>.<pending>[.<token>…]`,
///   with `_` as the domain when there is none.
public struct MessageMetadata: Sendable, Hashable {
    /// The JetStream domain, `nil` when there is none.
    public var domain: String?
    /// The hash of the account, in the newer layout.
    public var accountHash: String?
    /// The stream the message is stored in.
    public var stream: String
    /// The consumer that delivered it.
    public var consumer: String
    /// How many times it has been delivered, this time included (1 on the first delivery).
    public var numDelivered: UInt64
    /// Its sequence in the stream.
    public var streamSequence: UInt64
    /// Its sequence in the consumer (counts redeliveries).
    public var consumerSequence: UInt64
    /// When it was stored, in nanoseconds since 1970.
    public var timestampNanoseconds: Int64
    /// How many messages matching the consumer's filter follow it in the stream.
    public var numPending: UInt64

    /// When it was stored.
    public var timestamp: Date { Date(timeIntervalSince1970: Double(timestampNanoseconds) / 1_000_000_000) }

    /// Creates metadata.
    public init(
        domain: String? = nil,
        accountHash: String? = nil,
        stream: String,
        consumer: String,
        numDelivered: UInt64,
        streamSequence: UInt64,
        consumerSequence: UInt64,
        timestampNanoseconds: Int64,
        numPending: UInt64
    ) {
        self.domain = domain
        self.accountHash = accountHash
        self.stream = stream
        self.consumer = consumer
        self.numDelivered = numDelivered
        self.streamSequence = streamSequence
        self.consumerSequence = consumerSequence
        self.timestampNanoseconds = timestampNanoseconds
        self.numPending = numPending
    }

    /// Parses an ack subject.
    /// - Throws: ``JetStreamError/Code/notJetStreamMessage`` when `ackSubject` is not one.
    public init(ackSubject: String) throws(JetStreamError) {
        var tokens: [Substring] = []
        tokens.reserveCapacity(12)
        var start = ackSubject.utf8.startIndex
        let utf8 = ackSubject.utf8
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: ".") {
                tokens.append(ackSubject[start..<index])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        tokens.append(ackSubject[start..<utf8.endIndex])

        func invalid(_ why: String) -> JetStreamError {
            JetStreamError(.notJetStreamMessage, "\(why): \(ackSubject)")
        }
        guard tokens.count == 9 || tokens.count >= 11 else { throw invalid("ack subject has \(tokens.count) tokens") }
        guard tokens[0] == "$JS", tokens[1] == "ACK" else { throw invalid("ack subject does not start with $JS.ACK") }

        let base: Int
        if tokens.count == 9 {
            base = 2
        } else {
            base = 4
            domain = tokens[2] == "_" || tokens[2].isEmpty ? nil : String(tokens[2])
            accountHash = String(tokens[3])
        }
        guard let delivered = UInt64(tokens[base + 2]), let streamSequence = UInt64(tokens[base + 3]),
            let consumerSequence = UInt64(tokens[base + 4]), let timestamp = Int64(tokens[base + 5]),
            let pending = UInt64(tokens[base + 6])
        else { throw invalid("ack subject has a malformed number") }
        stream = String(tokens[base])
        consumer = String(tokens[base + 1])
        numDelivered = delivered
        self.streamSequence = streamSequence
        self.consumerSequence = consumerSequence
        timestampNanoseconds = timestamp
        numPending = pending
    }
}
