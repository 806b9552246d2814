import SluiceCore
import SluiceRouter

/// A message in `POST /api/queues/{queue}/messages`.
struct SubmittedMessage: Decodable, Sendable {
    var id: String
    var pool: String
    var target: String
    /// The body, as text.
    var payload: String
    var headers: [String: String]?
    var group: String?
}

/// The body of `POST /api/queues/{queue}/messages`.
struct SubmitRequest: Decodable, Sendable {
    var messages: [SubmittedMessage]
}

/// The answer to a submit.
struct SubmitResult: Encodable, Sendable {
    var submitted: Int
}

/// A pool as the API shows it: its configuration and what it has done.
struct PoolView: Encodable, Sendable {
    var code: String
    var concurrency: Int
    var rateLimit: RateLimit?
    var retry: BackoffSchedule
    var maxAttempts: Int
    var timeout: String
    var buffer: Int
    var stats: PoolSnapshot

    init(_ pool: Pool) {
        let configuration = pool.configuration
        code = configuration.code
        concurrency = configuration.concurrency
        rateLimit = configuration.rateLimit
        retry = configuration.retry
        maxAttempts = configuration.maxAttempts
        timeout = configuration.timeout.configText
        buffer = configuration.buffer
        stats = pool.snapshot
    }

    enum CodingKeys: String, CodingKey {
        case code, concurrency, retry, timeout, buffer, stats
        case rateLimit = "rate_limit"
        case maxAttempts = "max_attempts"
    }
}

/// The pools, for `GET /api/pools`.
struct PoolList: Encodable, Sendable {
    var pools: [PoolView]
}

/// The body of `PUT /api/pools/{code}`: the values to change; absent ones keep theirs (a new pool starts from the
/// defaults). `rate_limit: null` removes the limit.
struct PoolChange: Decodable, Sendable {
    var concurrency: Int?
    var rateLimit: RateLimit??
    var retry: BackoffSchedule?
    var maxAttempts: Int?
    var timeout: String?
    var buffer: Int?

    enum CodingKeys: String, CodingKey {
        case concurrency, retry, timeout, buffer
        case rateLimit = "rate_limit"
        case maxAttempts = "max_attempts"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        concurrency = try container.decodeIfPresent(Int.self, forKey: .concurrency)
        if container.contains(.rateLimit) { rateLimit = .some(try container.decodeIfPresent(RateLimit.self, forKey: .rateLimit)) }
        retry = try container.decodeIfPresent(BackoffSchedule.self, forKey: .retry)
        maxAttempts = try container.decodeIfPresent(Int.self, forKey: .maxAttempts)
        timeout = try container.decodeIfPresent(String.self, forKey: .timeout)
        buffer = try container.decodeIfPresent(Int.self, forKey: .buffer)
    }

    /// `configuration` with these changes, checked.
    func applied(to configuration: PoolConfiguration) throws -> PoolConfiguration {
        var changed = configuration
        if let concurrency { changed.concurrency = concurrency }
        if let rateLimit { changed.rateLimit = rateLimit }
        if let retry { changed.retry = retry }
        if let maxAttempts { changed.maxAttempts = maxAttempts }
        if let timeout { changed.timeout = try Duration(parsing: timeout) }
        if let buffer { changed.buffer = buffer }
        try changed.validate()
        return changed
    }
}

/// A dead letter as the API shows it.
struct DeadLetterView: Encodable, Sendable {
    var id: String
    var pool: String
    var target: String
    var group: String?
    var reason: String?
    var status: Int?
    var body: String?
    var attempts: Int?
    var headers: [String: String]
    var payload: String

    init(_ message: RouterMessage) {
        id = message.id
        pool = message.pool
        target = message.target
        group = message.group
        reason = message.headers[DeadLetterHeader.reason]
        status = message.headers[DeadLetterHeader.status].flatMap { Int($0) }
        body = message.headers[DeadLetterHeader.body]
        attempts = message.headers[DeadLetterHeader.attempts].flatMap { Int($0) }
        headers = message.headers.filter {
            ![DeadLetterHeader.reason, DeadLetterHeader.status, DeadLetterHeader.body, DeadLetterHeader.attempts].contains($0.key)
        }
        payload = String(buffer: message.payload)
    }
}

/// The dead letters, for `GET /api/dead-letters`.
struct DeadLetterList: Encodable, Sendable {
    var deadLetters: [DeadLetterView]

    enum CodingKeys: String, CodingKey {
        case deadLetters = "dead_letters"
    }
}

/// The body of `POST /api/dead-letters/replay`: which ids (all when absent), and how many to look at.
struct ReplayRequest: Decodable, Sendable {
    var ids: [String]?
    var limit: Int?
}

/// The answer to a replay.
struct ReplayResult: Encodable, Sendable {
    var replayed: [String]
}
