import NATS

/// An error from the JetStream layer.
///
/// Match on ``code`` for the kind of failure, and on ``errorCode`` when the server answered with an API
/// error (``Code/api``). ``message`` is for people and may change.
///
/// ```swift
/// do {
///     _ = try await js.streamInfo("ORDERS")
/// } catch let error as JetStreamError where error.errorCode == .streamNotFound {
///     // create it
/// }
/// ```
public struct JetStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The server answered with an API error; see ``JetStreamError/apiError``.
        public static let api = Code("api")
        /// No answer arrived in time.
        public static let timeout = Code("timeout")
        /// Nothing answered on the JetStream API subject: JetStream is not enabled, or not reachable
        /// (wrong domain or prefix, no stream leader).
        public static let noResponders = Code("noResponders")
        /// An argument is not valid (a stream, consumer or bucket name, a key, an option).
        public static let invalidArgument = Code("invalidArgument")
        /// The server's answer could not be read.
        public static let invalidResponse = Code("invalidResponse")
        /// The connection closed or was lost before the operation completed.
        public static let connectionClosed = Code("connectionClosed")
        /// The consumer was deleted while messages were being pulled from it (status 409).
        public static let consumerDeleted = Code("consumerDeleted")
        /// Messages were pulled from a push consumer (status 409).
        public static let consumerIsPushBased = Code("consumerIsPushBased")
        /// The server rejected a pull request (status 400, or a 409 that names a consumer limit).
        public static let pullRequestRejected = Code("pullRequestRejected")
        /// The server sent no idle heartbeat for two heartbeat intervals.
        public static let missingHeartbeats = Code("missingHeartbeats")
        /// The message did not come from a JetStream consumer (no or malformed ack subject).
        public static let notJetStreamMessage = Code("notJetStreamMessage")
        /// The key-value bucket does not exist.
        public static let bucketNotFound = Code("bucketNotFound")
        /// The key has no value (never set, deleted or purged).
        public static let keyNotFound = Code("keyNotFound")
        /// `create` found the key already holding a value.
        public static let keyExists = Code("keyExists")
        /// `update` or a conditional delete expected another revision of the key.
        public static let wrongRevision = Code("wrongRevision")
        /// The waiting task was cancelled.
        public static let cancelled = Code("cancelled")
        /// The NATS client failed in a way not listed here; see ``JetStreamError/message``.
        public static let client = Code("client")

        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// The server's error, when it answered with one.
    public var apiError: JetStreamAPIError?
    /// A human-readable explanation.
    public var message: String
    /// The NATS client's error behind this one, when there is one.
    public var clientError: NATSError?

    /// The server's `err_code`, when it answered with an API error.
    // Not inlined: Swift 6.3.1's optimiser (CopyPropagation) crashes on an inlined optional-chain read of a
    // caught error's field in `catch … where error.errorCode == …`.
    public var errorCode: JetStreamErrorCode? {
        @inline(never) get { apiError?.errorCode }
    }

    /// Creates an error.
    public init(_ code: Code, _ message: String, apiError: JetStreamAPIError? = nil) {
        self.code = code
        self.message = message
        self.apiError = apiError
    }

    /// Wraps an error the server returned.
    public init(apiError: JetStreamAPIError) {
        self.init(.api, apiError.errorDescription, apiError: apiError)
    }

    public var description: String {
        if let apiError {
            return "JetStreamError.\(code): \(message) (status \(apiError.code), err_code \(apiError.errorCode.rawValue))"
        }
        return "JetStreamError.\(code): \(message)"
    }
}
