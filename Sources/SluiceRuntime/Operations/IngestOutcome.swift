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

    /// The most rejected lines an answer lists; ``rejectedCount`` counts them all.
    public static let maximumListed = 100

    /// Records accepted and stored.
    public var accepted: Int
    /// The first rejected lines, at most ``maximumListed``, so a body of a million bad lines gets a short answer.
    public var rejected: [LineError]
    /// How many lines were rejected in all.
    public var rejectedCount: Int

    public init(accepted: Int, rejected: [LineError] = []) {
        self.accepted = accepted
        self.rejected = Array(rejected.prefix(Self.maximumListed))
        self.rejectedCount = rejected.count
    }

    /// Counts a rejected line, listing it while fewer than ``maximumListed`` are.
    public mutating func reject(line: Int, reason: String) {
        rejectedCount += 1
        if rejected.count < Self.maximumListed { rejected.append(LineError(line: line, reason: reason)) }
    }

    enum CodingKeys: String, CodingKey {
        case accepted, rejected
        case rejectedCount = "rejected_count"
    }
}
