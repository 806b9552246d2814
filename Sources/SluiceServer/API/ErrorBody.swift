public import SluiceRuntime

/// The body of every error answer: `{"error": {"code": "not_found", "message": "…"}}`.
///
/// A `400` from `POST /ingest/{pipeline}` also carries `rejected`, one entry per malformed line.
public struct ErrorBody: Sendable, Codable, Equatable {
    /// What went wrong.
    public struct Detail: Sendable, Codable, Equatable {
        /// A stable snake_case name: `not_found`, `bad_request`, `too_large`, `backed_up`, `conflict`,
        /// `internal`, `unavailable`, or `http_<status>` for other HTTP failures.
        public var code: String
        /// A sentence for a person.
        public var message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    public var error: Detail
    /// The malformed lines of an ingest body, when every line was malformed.
    public var rejected: [IngestOutcome.LineError]?

    public init(code: String, message: String, rejected: [IngestOutcome.LineError]? = nil) {
        self.error = Detail(code: code, message: message)
        self.rejected = rejected
    }
}
