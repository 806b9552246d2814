import SluiceCore

/// How a pool delivers: how many at once, how fast, how often it retries and how long one try may take.
public struct PoolConfiguration: Sendable, Hashable {
    /// The pool code messages name.
    public var code: String
    /// The most deliveries in flight at once. Default 10.
    public var concurrency: Int
    /// The steady rate and burst of deliveries; `nil` for no limit.
    public var rateLimit: RateLimit?
    /// The waits between tries. Default `1s 5s 15s 30s 60s`.
    public var retry: BackoffSchedule
    /// Tries before a message goes to the dead letters (the first delivery counts). Default 10.
    public var maxAttempts: Int
    /// How long one HTTP request may take. Default 30 seconds.
    public var timeout: Duration
    /// The most messages the pool holds (waiting, in flight or between tries) before the router stops
    /// reading more for it. Default 1,000.
    public var buffer: Int

    /// A pool with the defaults.
    public init(code: String) {
        self.code = code
        self.concurrency = 10
        self.rateLimit = nil
        self.retry = .standard
        self.maxAttempts = 10
        self.timeout = .seconds(30)
        self.buffer = 1000
    }

    /// Throws ``SluiceError`` with ``SluiceError/Code/invalidConfiguration`` for a value out of range.
    public func validate() throws {
        if code.isEmpty { throw SluiceError(.invalidConfiguration, "a pool needs a code") }
        if concurrency < 1 { throw SluiceError(.invalidConfiguration, "pool \(code): concurrency must be at least 1, not \(concurrency)") }
        if maxAttempts < 1 { throw SluiceError(.invalidConfiguration, "pool \(code): max_attempts must be at least 1, not \(maxAttempts)") }
        if timeout <= .zero { throw SluiceError(.invalidConfiguration, "pool \(code): timeout must be positive") }
        if buffer < 1 { throw SluiceError(.invalidConfiguration, "pool \(code): buffer must be at least 1, not \(buffer)") }
    }
}
