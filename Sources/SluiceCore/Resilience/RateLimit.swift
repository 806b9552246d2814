/// A rate limit: how many operations per second, and how many may happen at once after a quiet period.
///
/// Configuration shape (`burst` defaults to the rate, rounded up, and at least 1):
/// ```yaml
/// rate_limit: {rate: 500, burst: 50}
/// ```
public struct RateLimit: Sendable, Hashable {
    /// Operations (tokens) per second. Positive.
    public let rate: Double
    /// The bucket's size: how many operations can happen back to back. At least 1.
    public let burst: Int

    /// Checks and creates a rate limit.
    ///
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/invalidConfiguration`` when `rate` is not positive
    ///   or `burst` is below 1.
    public init(rate: Double, burst: Int? = nil) throws {
        guard rate > 0, rate.isFinite else {
            throw SluiceError(.invalidConfiguration, "rate limit: rate must be positive, not \(rate)")
        }
        let burst = burst ?? max(1, Int(rate.rounded(.up)))
        guard burst >= 1 else {
            throw SluiceError(.invalidConfiguration, "rate limit: burst must be at least 1, not \(burst)")
        }
        self.rate = rate
        self.burst = burst
    }
}

extension RateLimit: Codable {
    private enum CodingKeys: String, CodingKey {
        case rate, burst
    }

    /// Decodes `rate` and the optional `burst`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                rate: try container.decode(Double.self, forKey: .rate),
                burst: try container.decodeIfPresent(Int.self, forKey: .burst)
            )
        } catch let error as SluiceError {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.reason)
            )
        }
    }

    /// Encodes `rate` and `burst`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rate, forKey: .rate)
        try container.encode(burst, forKey: .burst)
    }
}
