import SluiceCore

/// Which failed requests an ``ElasticsearchClient`` tries again, how often, and how long it waits in between.
///
/// A request is retried when it could not connect, timed out or lost its connection, or when the server answered
/// with one of ``retryableStatuses`` (by default 429 Too Many Requests and the gateway errors 502, 503 and 504).
/// Every other answer, including other 5xx, is returned to the caller at once. Between attempts the client waits
/// what the server asked for in `Retry-After` (whole seconds, capped at ``maximumRetryAfter``), or else the
/// ``backoff`` delay for the attempt.
///
/// Retrying is safe for what Sluice sends: reads, index management, and bulk writes with external versions, which
/// a second delivery cannot regress.
public struct RetryPolicy: Sendable, Hashable {
    /// The most attempts per request, the first included. `1` turns retries off. Defaults to 4.
    public var maximumAttempts: Int
    /// The delay before each retry, when the server gave no `Retry-After`. Defaults to exponential from 100 ms to
    /// 5 s with 20% jitter.
    public var backoff: BackoffSchedule
    /// HTTP statuses that are retried. Defaults to 429, 502, 503 and 504.
    public var retryableStatuses: Set<Int>
    /// Whether connection failures and timeouts are retried. Defaults to `true`.
    public var retriesConnectionFailures: Bool
    /// Whether a `Retry-After` header sets the delay. Defaults to `true`.
    public var honoursRetryAfter: Bool
    /// The longest `Retry-After` obeyed; longer requests wait this long. Defaults to 30 seconds, so a caller with
    /// its own deadline (a JetStream ack wait) is not stalled for minutes.
    public var maximumRetryAfter: Duration

    /// The statuses retried by default: 429, 502, 503 and 504.
    public static let defaultRetryableStatuses: Set<Int> = [429, 502, 503, 504]

    /// Four attempts, exponential backoff from 100 ms to 5 s.
    public static let standard = RetryPolicy(
        maximumAttempts: 4,
        backoff: .exponential(try! ExponentialBackoff(initial: .milliseconds(100), maximum: .seconds(5)))
    )

    /// One attempt: every failure goes straight to the caller (who may have its own retry, such as a JetStream nak).
    public static let none = RetryPolicy(maximumAttempts: 1, backoff: .list([]))

    /// Creates a policy.
    public init(
        maximumAttempts: Int,
        backoff: BackoffSchedule,
        retryableStatuses: Set<Int> = RetryPolicy.defaultRetryableStatuses,
        retriesConnectionFailures: Bool = true,
        honoursRetryAfter: Bool = true,
        maximumRetryAfter: Duration = .seconds(30)
    ) {
        self.maximumAttempts = maximumAttempts
        self.backoff = backoff
        self.retryableStatuses = retryableStatuses
        self.retriesConnectionFailures = retriesConnectionFailures
        self.honoursRetryAfter = honoursRetryAfter
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// What to do after attempt number `attempt` (1 for the first) failed with `error`: retry after a delay, or
    /// give up and throw.
    ///
    /// - Parameters:
    ///   - error: The failure of the attempt.
    ///   - attempt: How many attempts were made so far.
    ///   - random: The source of the backoff's jitter.
    /// - Returns: The delay before the next attempt, or `nil` to give up.
    public func delay(after error: ElasticsearchError, attempt: Int, using random: inout some RandomNumberGenerator) -> Duration? {
        guard attempt < maximumAttempts, isRetryable(error) else { return nil }
        if honoursRetryAfter, let retryAfter = error.retryAfter {
            return min(retryAfter, maximumRetryAfter)
        }
        return backoff.delay(forAttempt: attempt, using: &random)
    }

    /// Whether this policy retries `error` at all (ignoring the attempt count).
    public func isRetryable(_ error: ElasticsearchError) -> Bool {
        switch error.code {
        case .connection, .timeout: retriesConnectionFailures
        case .server: error.status.map(retryableStatuses.contains) ?? false
        default: false
        }
    }
}
