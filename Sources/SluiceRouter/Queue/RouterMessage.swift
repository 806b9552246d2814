import NIOCore

/// A message for the router: where it goes (pool and target), what it carries, and how it is ordered.
public struct RouterMessage: Sendable, Hashable {
    /// Unique per message; the receiver sees it as the idempotency key, and queues deduplicate on it.
    public var id: String
    /// The pool that delivers it (its concurrency, rate limit and retries).
    public var pool: String
    /// The URL it is POSTed to.
    public var target: String
    /// The body.
    public var payload: ByteBuffer
    /// Extra request headers for the receiver.
    public var headers: [String: String]
    /// Messages of one group are delivered one at a time, in order; `nil` for no ordering.
    public var group: String?
    /// What queues deduplicate the submission on, when not ``id`` (a replay submits the same id again). It is
    /// not carried through the queue.
    public var deduplicationID: String?

    /// The key queues deduplicate this submission on.
    public var deduplicationKey: String { deduplicationID ?? id }

    /// Creates a message.
    public init(id: String, pool: String, target: String, payload: ByteBuffer, headers: [String: String] = [:], group: String? = nil) {
        self.id = id
        self.pool = pool
        self.target = target
        self.payload = payload
        self.headers = headers
        self.group = group
    }
}

/// The header names that carry a ``RouterMessage``'s routing fields through queues that store headers
/// (the SQLite queue, JetStream). The id travels as the queue's own deduplication id.
public enum RouterHeader {
    /// The pool code.
    public static let pool = "Sluice-Pool"
    /// The target URL.
    public static let target = "Sluice-Target"
    /// The message group.
    public static let group = "Sluice-Group"
    /// The message id, for queues without a deduplication id of their own.
    public static let id = "Sluice-Id"
    /// Names starting with this are the router's own and never reach the receiver.
    public static let reservedPrefix = "Sluice-"

    /// The message's fields and headers as one header set.
    package static func encode(_ message: RouterMessage) -> [String: String] {
        var headers = message.headers.filter { !$0.key.hasPrefix(reservedPrefix) }
        headers[pool] = message.pool
        headers[target] = message.target
        headers[id] = message.id
        if let group = message.group { headers[Self.group] = group }
        return headers
    }

    /// The message stored with `headers`, or `nil` when a routing field is missing.
    package static func decode(headers: [String: String], payload: ByteBuffer, fallbackID: String?) -> RouterMessage? {
        guard let poolCode = headers[pool], let url = headers[target], let messageID = headers[id] ?? fallbackID else { return nil }
        return RouterMessage(
            id: messageID,
            pool: poolCode,
            target: url,
            payload: payload,
            headers: headers.filter { !$0.key.hasPrefix(reservedPrefix) },
            group: headers[group]
        )
    }
}
