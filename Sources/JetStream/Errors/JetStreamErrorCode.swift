/// The server's `err_code`: which JetStream API error happened.
///
/// Any code the server sends can be represented; the well-known ones have names, so callers can match on
/// them: `catch let error as JetStreamError where error.errorCode == .streamNotFound`.
public struct JetStreamErrorCode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The numeric code, e.g. 10059.
    public var rawValue: UInt16

    /// Creates a code from its number.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(UInt16.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { String(rawValue) }

    /// 10003: the request was not valid.
    public static let badRequest = Self(rawValue: 10003)
    /// 10005: no servers of the cluster can take the replicas now (for example one not yet counted online just after
    /// the cluster started).
    public static let noSuitablePeers = Self(rawValue: 10005)
    /// 10008: the JetStream system is temporarily unavailable (for example during a leader election).
    public static let clusterNotAvailable = Self(rawValue: 10008)
    /// 10013: a consumer with this name exists with a different configuration.
    public static let consumerNameExists = Self(rawValue: 10013)
    /// 10014: the consumer does not exist.
    public static let consumerNotFound = Self(rawValue: 10014)
    /// 10023: the server lacks the resources to place the stream or consumer.
    public static let insufficientResources = Self(rawValue: 10023)
    /// 10037: no message matched (get by sequence or subject).
    public static let noMessageFound = Self(rawValue: 10037)
    /// 10039: JetStream is not enabled for this account.
    public static let notEnabledForAccount = Self(rawValue: 10039)
    /// 10054: the message is larger than the stream allows.
    public static let messageExceedsMaximum = Self(rawValue: 10054)
    /// 10058: a stream with this name exists with a different configuration.
    public static let streamNameInUse = Self(rawValue: 10058)
    /// 10059: the stream does not exist.
    public static let streamNotFound = Self(rawValue: 10059)
    /// 10060: the publish named an expected stream that is not the one that stored it.
    public static let streamNotMatch = Self(rawValue: 10060)
    /// 10065: the stream's subjects overlap with another stream's.
    public static let streamSubjectOverlap = Self(rawValue: 10065)
    /// 10070: the publish expected a different last message id.
    public static let wrongLastMessageID = Self(rawValue: 10070)
    /// 10071: the publish expected a different last sequence (stream or subject).
    public static let wrongLastSequence = Self(rawValue: 10071)
    /// 10076: JetStream is not enabled on the server.
    public static let notEnabled = Self(rawValue: 10076)
    /// 10077: the server could not store the message.
    public static let streamStoreFailed = Self(rawValue: 10077)
    /// 10105: the durable consumer is still bound to an active subscriber.
    public static let consumerExistingActive = Self(rawValue: 10105)
    /// 10148: `create` found a consumer with this name and a different configuration.
    public static let consumerAlreadyExists = Self(rawValue: 10148)
    /// 10149: `update` found no consumer with this name.
    public static let consumerDoesNotExist = Self(rawValue: 10149)
    /// 10158: a message with the same `Nats-Msg-Id` is being stored right now.
    public static let duplicateMessageConflict = Self(rawValue: 10158)
    /// 10164: the publish expected a different last sequence (replicated streams report this code).
    public static let wrongLastSequenceConstant = Self(rawValue: 10164)
    /// 10165: the `Nats-TTL` header is not valid.
    public static let messageTTLInvalid = Self(rawValue: 10165)
    /// 10166: the stream does not allow per-message TTLs (`allow_msg_ttl`).
    public static let messageTTLDisabled = Self(rawValue: 10166)
}
