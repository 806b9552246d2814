extension CircuitBreaker {
    /// When a circuit breaker opens, how long it stays open, and how it probes before closing again.
    ///
    /// Configuration shape (every key optional):
    /// ```yaml
    /// circuit_breaker: {failure_threshold: 5, open_for: 30s, half_open_probes: 1, success_threshold: 1}
    /// ```
    public struct Configuration: Sendable, Hashable {
        /// Consecutive failures that open the breaker. Defaults to 5.
        public let failureThreshold: Int
        /// How long the breaker stays open before letting probes through. Defaults to 30 seconds, long enough for a
        /// dependency to restart, short enough that recovery is noticed quickly.
        public let openDuration: Duration
        /// How many calls may be in flight while half-open. Defaults to 1.
        public let halfOpenProbes: Int
        /// Successful probes that close the breaker again. Defaults to 1.
        public let successThreshold: Int

        /// Checks and creates a configuration; every argument has its default.
        ///
        /// - Throws: ``SluiceError`` with code ``SluiceError/Code/invalidConfiguration`` when a count is below 1 or
        ///   the duration is negative.
        public init(
            failureThreshold: Int = 5,
            openDuration: Duration = .seconds(30),
            halfOpenProbes: Int = 1,
            successThreshold: Int = 1
        ) throws {
            for (name, value) in [
                ("failure_threshold", failureThreshold), ("half_open_probes", halfOpenProbes),
                ("success_threshold", successThreshold),
            ] where value < 1 {
                throw SluiceError(.invalidConfiguration, "circuit breaker: \(name) must be at least 1, not \(value)")
            }
            guard openDuration >= .zero else {
                throw SluiceError(.invalidConfiguration, "circuit breaker: open_for cannot be negative")
            }
            self.failureThreshold = failureThreshold
            self.openDuration = openDuration
            self.halfOpenProbes = halfOpenProbes
            self.successThreshold = successThreshold
        }
    }
}

extension CircuitBreaker.Configuration: Codable {
    private enum CodingKeys: String, CodingKey {
        case failureThreshold = "failure_threshold"
        case openDuration = "open_for"
        case halfOpenProbes = "half_open_probes"
        case successThreshold = "success_threshold"
    }

    /// Decodes the optional `failure_threshold`, `open_for` (a duration such as `30s`), `half_open_probes` and
    /// `success_threshold`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                failureThreshold: try container.decodeIfPresent(Int.self, forKey: .failureThreshold) ?? 5,
                openDuration: try container.decodeDurationIfPresent(forKey: .openDuration) ?? .seconds(30),
                halfOpenProbes: try container.decodeIfPresent(Int.self, forKey: .halfOpenProbes) ?? 1,
                successThreshold: try container.decodeIfPresent(Int.self, forKey: .successThreshold) ?? 1
            )
        } catch let error as SluiceError {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.reason)
            )
        }
    }

    /// Encodes the four values, the duration as text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(failureThreshold, forKey: .failureThreshold)
        try container.encode(openDuration.configText, forKey: .openDuration)
        try container.encode(halfOpenProbes, forKey: .halfOpenProbes)
        try container.encode(successThreshold, forKey: .successThreshold)
    }
}
