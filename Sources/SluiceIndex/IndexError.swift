/// An error of the segment index: a code to match on and a message for people.
public struct IndexError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure it is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A file could not be read, written, synced or renamed.
        public static let io = Code("io")
        /// A file is damaged: a bad checksum, a truncated section, an impossible value.
        public static let corrupt = Code("corrupt")
        /// The query cannot be parsed or names an unknown field.
        public static let invalidQuery = Code("invalidQuery")
        /// An argument is out of range (a limit, an offset, a field list).
        public static let invalidArgument = Code("invalidArgument")
        /// The directory holds something else: an index of another engine, or another layout.
        public static let incompatible = Code("incompatible")
        /// A search ran past its time limit and was stopped.
        public static let timedOut = Code("timedOut")
        /// The index was closed.
        public static let closed = Code("closed")

        public var description: String { name }
    }

    /// What kind of failure it is.
    public let code: Code
    /// What happened, for people.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
