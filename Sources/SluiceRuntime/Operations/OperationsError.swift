import SluiceCore

/// Why an operations request failed; the HTTP server maps ``code`` to a status.
public struct OperationsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Kinds of failure; more may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// No such pipeline, index or dead letter (404).
        public static let notFound = Code("notFound")
        /// The request is malformed (400).
        public static let badRequest = Code("badRequest")
        /// The body is over the size limit (413).
        public static let tooLarge = Code("tooLarge")
        /// The pipeline is backed up; retry later (429).
        public static let backedUp = Code("backedUp")
        /// The pipeline cannot take this request, e.g. ingest to a pipeline without an HTTP source (409).
        public static let conflict = Code("conflict")
        /// Something failed inside (500).
        public static let `internal` = Code("internal")
        /// Not available now, e.g. not connected (503).
        public static let unavailable = Code("unavailable")
        public var description: String { name }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
