/// A transport operation failed. Match on ``code``.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// Not connected, or the server did not answer in time; retrying later may work.
        public static let unavailable = Code("unavailable")
        /// The server or the file refused the request (bad subject, stream conflict, no space).
        public static let rejected = Code("rejected")
        /// The request itself is wrong, e.g. a cursor the transport did not hand out.
        public static let invalidArgument = Code("invalidArgument")
        /// The transport was closed.
        public static let closed = Code("closed")
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "TransportError.\(code): \(message)" }
}

/// Names of the headers Sluice puts on its messages.
public enum SluiceHeader {
    /// How many NDJSON records a batch message carries.
    public static let batchCount = "Sluice-Batch-Count"
    /// When the oldest record of a batch reached Sluice, in nanoseconds since 1970 (for the end-to-end latency).
    public static let receivedAt = "Sluice-Received-At"
    /// The pipeline a dead letter belongs to.
    public static let pipeline = "Sluice-Pipeline"
    /// Why a record is in the dead letters.
    public static let error = "Sluice-Error"
    /// The subject a dead letter was on.
    public static let originalSubject = "Sluice-Original-Subject"
    /// Deliveries tried before it was dead-lettered.
    public static let deliveries = "Sluice-Deliveries"
    /// When it was dead-lettered (RFC 3339).
    public static let failedAt = "Sluice-Failed-At"
}
