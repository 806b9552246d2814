/// An error from starting, probing or stopping a `nats-server` child process.
///
/// Match on ``code``; ``message`` is for people and says what to do next.
public struct NATSServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// No `nats-server` binary could be found.
        public static let binaryNotFound = Code("binaryNotFound")
        /// The binary could not be launched, or its files could not be written.
        public static let launchFailed = Code("launchFailed")
        /// The server exited before it was ready.
        public static let exitedDuringStartup = Code("exitedDuringStartup")
        /// The server did not become ready within the startup timeout.
        public static let startupTimedOut = Code("startupTimedOut")
        /// Another server is already running in the same directory.
        public static let directoryInUse = Code("directoryInUse")
        /// No free loopback port could be found.
        public static let noFreePort = Code("noFreePort")

        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// A human-readable explanation, with the server's last log lines where they help.
    public var message: String

    /// Creates an error with a code and a human-readable explanation.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
