/// A bridge operation failed. Match on ``code``; ``message`` is for people.
public struct BridgeError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// A setting is missing or out of range.
        public static let invalidConfiguration = Code("invalid_configuration")
        /// A subject token (resource type, event type) is not a valid subject token.
        public static let invalidSubject = Code("invalid_subject")
        /// The operation needs a NATS connection this object does not have.
        public static let notConnected = Code("not_connected")
        /// `use_outbox` is on and a publish tried to bypass the outbox.
        public static let outboxRequired = Code("outbox_required")
        /// `use_inbox` is on and a consumer was made without an inbox.
        public static let inboxRequired = Code("inbox_required")
        /// A database did not answer within its deadline; the step was abandoned and may be tried again.
        public static let timedOut = Code("timed_out")
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

    public var description: String { "BridgeError.\(code): \(message)" }
}
