import FoundationEssentials
import NATS
import NIOCore

/// What a key-value entry records.
public enum KeyValueOperation: String, Sendable, Hashable {
    /// A value was put.
    case put = "PUT"
    /// The key was deleted; earlier revisions remain in the history.
    case delete = "DEL"
    /// The key was purged; earlier revisions are gone.
    case purge = "PURGE"

    /// The operation a message's headers record: `KV-Operation`, or for markers the server leaves,
    /// `Nats-Marker-Reason` (`MaxAge` and `Purge` purge, `Remove` deletes).
    init(headers: NATSHeaders?) {
        guard let headers else {
            self = .put
            return
        }
        if let operation = headers[JetStreamHeader.keyValueOperation] {
            switch operation {
            case "DEL": self = .delete
            case "PURGE": self = .purge
            default: self = .put
            }
            return
        }
        switch headers[JetStreamHeader.markerReason] {
        case "MaxAge", "Purge": self = .purge
        case "Remove": self = .delete
        default: self = .put
        }
    }
}

/// One revision of a key.
public struct KeyValueEntry: Sendable {
    /// The bucket.
    public var bucket: String
    /// The key.
    public var key: String
    /// The value; empty for deletes and purges.
    public var value: ByteBuffer
    /// The revision: the entry's sequence in the bucket's stream.
    public var revision: UInt64
    /// When it was written.
    public var created: Date?
    /// In a watch, how many more entries are already waiting after this one.
    public var delta: UInt64
    /// What the entry records.
    public var operation: KeyValueOperation

    /// The value read as UTF-8.
    public var string: String { String(buffer: value) }

    /// Creates an entry.
    public init(
        bucket: String,
        key: String,
        value: ByteBuffer,
        revision: UInt64,
        created: Date?,
        delta: UInt64 = 0,
        operation: KeyValueOperation
    ) {
        self.bucket = bucket
        self.key = key
        self.value = value
        self.revision = revision
        self.created = created
        self.delta = delta
        self.operation = operation
    }

    /// Reads an entry from a message got from the bucket's stream.
    init?(bucket: String, stored: StoredMessage) {
        guard let key = KeyValueNames.key(subject: stored.subject, bucket: bucket) else { return nil }
        self.init(
            bucket: bucket,
            key: key,
            value: stored.payload,
            revision: stored.sequence,
            created: stored.time,
            operation: KeyValueOperation(headers: stored.headers)
        )
    }
}
