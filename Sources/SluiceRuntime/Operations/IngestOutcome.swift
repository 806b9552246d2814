import SluiceCore

/// The result of `POST /ingest/{pipeline}`: what was accepted and which lines were not.
public struct IngestOutcome: Sendable, Codable, Equatable {
    /// One rejected line of the body.
    public struct LineError: Sendable, Codable, Equatable {
        /// 1-based line number in the body.
        public var line: Int
        public var reason: String

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    public var accepted: Int
    public var rejected: [LineError]

    public init(accepted: Int, rejected: [LineError] = []) {
        self.accepted = accepted
        self.rejected = rejected
    }
}
