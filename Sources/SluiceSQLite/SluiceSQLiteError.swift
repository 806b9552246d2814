/// An error from the embedded search index or the embedded queue.
///
/// Match on ``code``; ``message`` is for people and may change.
public struct SluiceSQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// An argument is not valid: an index or consumer name, a field path, a subject, a header, a limit.
        public static let invalidArgument = Code("invalidArgument")
        /// The search query is not valid FTS5 query syntax, or names a field the index does not have.
        public static let invalidQuery = Code("invalidQuery")
        /// No search index has this name.
        public static let indexNotFound = Code("indexNotFound")
        /// The index exists with a definition that cannot be changed in place (its id field).
        public static let definitionConflict = Code("definitionConflict")
        /// No queue consumer has this name.
        public static let consumerNotFound = Code("consumerNotFound")
        /// A query ran past its time budget and was stopped; the next query runs as usual.
        public static let timedOut = Code("timedOut")
        /// The file was closed.
        public static let closed = Code("closed")
        /// SQLite failed: the file cannot be opened or written, the disk is full, the database is locked
        /// by another process for too long, or the file is corrupt.
        public static let storage = Code("storage")

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

    public var description: String { "SluiceSQLiteError.\(code): \(message)" }
}
