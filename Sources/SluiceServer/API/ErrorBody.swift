public import SluiceRuntime

/// The body of every error answer: `{"error": {"code": "not_found", "message": "…"}}`.
///
/// A `400` from `POST /ingest/{pipeline}` also carries `rejected`, one entry per malformed line up to
/// ``SluiceRuntime/IngestOutcome/maximumListed``, and `rejected_count`, all of them.
public struct ErrorBody: Sendable, Codable, Equatable {
    /// What went wrong.
    public struct Detail: Sendable, Codable, Equatable {
        /// A stable snake_case name: `not_found`, `bad_request`, `too_large`, `backed_up`, `conflict`,
        /// `internal`, `unavailable`, `unauthorized`, `forbidden`, `host_not_allowed`, `origin_not_allowed`, or
        /// `http_<status>` for other HTTP failures.
        public var code: String
        /// A sentence for a person.
        public var message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    public var error: Detail
    /// The first malformed lines of an ingest body, when every line was malformed.
    public var rejected: [IngestOutcome.LineError]?
    /// How many lines of that body were malformed.
    public var rejectedCount: Int?

    public init(code: String, message: String, rejected: [IngestOutcome.LineError]? = nil, rejectedCount: Int? = nil) {
        self.error = Detail(code: code, message: message)
        self.rejected = rejected
        self.rejectedCount = rejectedCount
    }

    enum CodingKeys: String, CodingKey {
        case error, rejected
        case rejectedCount = "rejected_count"
    }
}
