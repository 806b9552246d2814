/// The server's acknowledgement of a message stored in a stream.
public struct PubAck: Sendable, Hashable, Decodable {
    /// The stream that stored the message (`stream`).
    public var stream: String
    /// The message's sequence in the stream (`seq`). For a duplicate, the sequence of the original.
    public var sequence: UInt64
    /// `true` when the message id was seen within the duplicate window, so this copy was dropped
    /// (`duplicate`).
    public var duplicate: Bool
    /// The JetStream domain of the stream (`domain`).
    public var domain: String?
    /// A counter stream's value after this message (`val`, server 2.12+).
    public var value: String?

    /// Creates an acknowledgement.
    public init(stream: String, sequence: UInt64, duplicate: Bool = false, domain: String? = nil, value: String? = nil) {
        self.stream = stream
        self.sequence = sequence
        self.duplicate = duplicate
        self.domain = domain
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case stream
        case sequence = "seq"
        case duplicate, domain
        case value = "val"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        stream = try c.decode(String.self, forKey: .stream)
        sequence = try c.decode(UInt64.self, forKey: .sequence, default: 0)
        duplicate = try c.decode(Bool.self, forKey: .duplicate, default: false)
        domain = try c.decodeIfPresent(String.self, forKey: .domain)
        value = try c.decodeIfPresent(String.self, forKey: .value)
    }
}
