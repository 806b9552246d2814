import SluiceCore
import SluiceRouter

/// The `router` section: where operations are served and how deliveries are signed and guarded.
struct RouterSettings: Decodable {
    /// `host:port` of `/healthz`, `/readyz`, `/metrics`. Default `127.0.0.1:8090`.
    var listen = "127.0.0.1:8090"
    /// The environment variable holding the HMAC secret deliveries are signed with; unset sends no signature.
    var signingSecretEnv: String?
    /// Messages asked for per poll. Default 100.
    var batchSize = 100
    /// How often a message waiting for a retry has its lease extended. Default 10 s.
    var leaseRenewal: Duration = .seconds(10)
    /// The file pool changes made through the API are kept in, so that they outlive a restart. Default
    /// `.sluice/router-pools.json`.
    var stateFile = ".sluice/router-pools.json"
    /// The circuit breaker of each target.
    var circuitBreaker = try! CircuitBreaker<ContinuousClock.Instant>.Configuration()
    /// How long a stopping router waits for its deliveries in flight before it cancels them. Default 30 s.
    var drainTimeout: Duration = .seconds(30)

    enum CodingKeys: String, CodingKey {
        case listen
        case signingSecretEnv = "signing_secret_env"
        case batchSize = "batch_size"
        case leaseRenewal = "lease_renewal"
        case circuitBreaker = "circuit_breaker"
        case stateFile = "state_file"
        case drainTimeout = "drain_timeout"
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        listen = try container.decodeIfPresent(String.self, forKey: .listen) ?? listen
        signingSecretEnv = try container.decodeIfPresent(String.self, forKey: .signingSecretEnv)
        batchSize = try container.decodeIfPresent(Int.self, forKey: .batchSize) ?? batchSize
        leaseRenewal = try container.durationIfPresent(forKey: .leaseRenewal) ?? leaseRenewal
        circuitBreaker = try container.decodeIfPresent(CircuitBreaker.Configuration.self, forKey: .circuitBreaker) ?? circuitBreaker
        stateFile = try container.decodeIfPresent(String.self, forKey: .stateFile) ?? stateFile
        drainTimeout = try container.durationIfPresent(forKey: .drainTimeout) ?? drainTimeout
        if batchSize < 1 {
            throw DecodingError.dataCorruptedError(forKey: .batchSize, in: container, debugDescription: "must be at least 1")
        }
    }
}

/// One pool's entry under `pools`, keyed by its code.
struct PoolSettings: Decodable {
    var concurrency: Int?
    var rateLimit: RateLimit?
    var retry: BackoffSchedule?
    var maxAttempts: Int?
    var timeout: Duration?
    var buffer: Int?

    enum CodingKeys: String, CodingKey {
        case concurrency
        case rateLimit = "rate_limit"
        case retry
        case maxAttempts = "max_attempts"
        case timeout
        case buffer
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        concurrency = try container.decodeIfPresent(Int.self, forKey: .concurrency)
        rateLimit = try container.decodeIfPresent(RateLimit.self, forKey: .rateLimit)
        retry = try container.decodeIfPresent(BackoffSchedule.self, forKey: .retry)
        maxAttempts = try container.decodeIfPresent(Int.self, forKey: .maxAttempts)
        timeout = try container.durationIfPresent(forKey: .timeout)
        buffer = try container.decodeIfPresent(Int.self, forKey: .buffer)
        for (key, value) in [(CodingKeys.concurrency, concurrency), (.maxAttempts, maxAttempts), (.buffer, buffer)] {
            if let value, value < 1 {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "must be at least 1, not \(value)")
            }
        }
        if let timeout, timeout <= .zero {
            throw DecodingError.dataCorruptedError(forKey: .timeout, in: container, debugDescription: "must be positive")
        }
    }

    /// The pool's configuration: these values over the defaults.
    func configuration(code: String) -> PoolConfiguration {
        var configuration = PoolConfiguration(code: code)
        if let concurrency { configuration.concurrency = concurrency }
        configuration.rateLimit = rateLimit
        if let retry { configuration.retry = retry }
        if let maxAttempts { configuration.maxAttempts = maxAttempts }
        if let timeout { configuration.timeout = timeout }
        if let buffer { configuration.buffer = buffer }
        return configuration
    }
}
