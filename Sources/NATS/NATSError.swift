/// An error from the NATS client.
///
/// Match on ``code``; ``message`` is for people and may change.
public struct NATSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The client is closed, or the connection ended before the operation completed.
        public static let connectionClosed = Code("connectionClosed")
        /// No server could be reached, or the handshake failed.
        public static let connectFailed = Code("connectFailed")
        /// The operation did not complete in time.
        public static let timeout = Code("timeout")
        /// A request found no subscriber on its subject (status 503).
        public static let noResponders = Code("noResponders")
        /// The message is larger than the server's `max_payload`.
        public static let maxPayloadExceeded = Code("maxPayloadExceeded")
        /// The server refused the credentials.
        public static let authorizationViolation = Code("authorizationViolation")
        /// The server refused a publish or subscription on a subject.
        public static let permissionViolation = Code("permissionViolation")
        /// The server sent something that is not the NATS protocol.
        public static let protocolError = Code("protocolError")
        /// Publishes made while disconnected exceed the reconnect buffer.
        public static let reconnectBufferExceeded = Code("reconnectBufferExceeded")
        /// TLS could not be set up (files, handshake, verification).
        public static let tls = Code("tls")
        /// An argument is not valid (subject, queue group, header).
        public static let invalidArgument = Code("invalidArgument")
        /// The server answered with an error.
        public static let serverError = Code("serverError")
        /// The subscription was dropping messages because its consumer was too slow.
        public static let slowConsumer = Code("slowConsumer")
        /// The task waiting for the operation was cancelled.
        public static let cancelled = Code("cancelled")

        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// A human-readable explanation.
    public var message: String

    /// Creates an error with a code and a human-readable explanation.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "NATSError.\(code): \(message)" }
}
