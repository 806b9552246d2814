import SluiceCore

/// The JSON form of a pool's configuration, as the platform API shows it and ``PoolOverrides`` stores it:
/// `{"code", "concurrency", "rate_limit", "retry", "max_attempts", "timeout": "30s", "buffer"}`.
extension PoolConfiguration: Codable {
    private enum CodingKeys: String, CodingKey {
        case code, concurrency, retry, timeout, buffer
        case rateLimit = "rate_limit"
        case maxAttempts = "max_attempts"
    }

    /// Decodes and checks a configuration; absent values take the defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(code: try container.decode(String.self, forKey: .code))
        concurrency = try container.decodeIfPresent(Int.self, forKey: .concurrency) ?? concurrency
        rateLimit = try container.decodeIfPresent(RateLimit.self, forKey: .rateLimit)
        retry = try container.decodeIfPresent(BackoffSchedule.self, forKey: .retry) ?? retry
        maxAttempts = try container.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? maxAttempts
        if let text = try container.decodeIfPresent(String.self, forKey: .timeout) {
            do { timeout = try Duration(parsing: text) } catch let error as SluiceError {
                throw DecodingError.dataCorruptedError(forKey: .timeout, in: container, debugDescription: error.reason)
            }
        }
        buffer = try container.decodeIfPresent(Int.self, forKey: .buffer) ?? buffer
        do { try validate() } catch let error as SluiceError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.reason))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(concurrency, forKey: .concurrency)
        try container.encode(rateLimit, forKey: .rateLimit)
        try container.encode(retry, forKey: .retry)
        try container.encode(maxAttempts, forKey: .maxAttempts)
        try container.encode(timeout.configText, forKey: .timeout)
        try container.encode(buffer, forKey: .buffer)
    }
}
