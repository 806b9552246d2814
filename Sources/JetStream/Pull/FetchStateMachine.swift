/// The bookkeeping of one ``PullConsumer/fetch(batch:maxBytes:expires:)``, without I/O.
///
/// A fetch sends one pull request and ends when the batch is full, when the server ends the request
/// (404, 408, or a 409 that carries pending counts or a leadership change), when it fails for good, or
/// when the request's time is up (with a grace period, in case the server's 408 is lost).
struct FetchStateMachine<C: Clock> where C.Duration == Duration {
    /// What the driver does after an event.
    enum Action: Equatable {
        /// Hand the message to the reader and keep going.
        case deliver
        /// Hand the message to the reader; the fetch is complete.
        case deliverAndFinish
        /// Keep waiting.
        case none
        /// The fetch is complete (what arrived is all there is).
        case finish
        /// The fetch failed.
        case fail(JetStreamError)
    }

    /// How much longer than `expires` to wait for the server's own end of the request.
    static var grace: Duration { .seconds(1) }
    /// How long a `no_wait` fetch waits for the server's answer.
    static var noWaitTimeout: Duration { .seconds(5) }

    let request: PullRequest
    private let startedAt: C.Instant
    private var lastActivity: C.Instant
    private(set) var receivedMessages = 0
    private(set) var receivedBytes = 0
    private(set) var isFinished = false
    /// Whether the server is done with the request: the batch is full, or a status ended it. Nothing more of it can
    /// arrive then, so its inbox can serve the next request.
    private(set) var requestIsOver = false

    init(options: PullFetchOptions, now: C.Instant) {
        request = PullRequest(
            batch: options.batch,
            maxBytes: options.maxBytes,
            expires: options.noWait ? nil : options.expires,
            noWait: options.noWait,
            idleHeartbeat: options.idleHeartbeat
        )
        startedAt = now
        lastActivity = now
    }

    /// Whether the fetch watches heartbeats, and so needs the time of each message.
    var watchesHeartbeats: Bool { request.idleHeartbeat != nil }

    /// A message arrived; `now` is needed only when the fetch ``watchesHeartbeats``.
    mutating func messageReceived(size: Int, now: C.Instant?) -> Action {
        guard !isFinished else { return .none }
        if let now { lastActivity = now }
        receivedMessages += 1
        receivedBytes += size
        if receivedMessages >= request.batch {
            isFinished = true
            requestIsOver = true
            return .deliverAndFinish
        }
        if let maxBytes = request.maxBytes, receivedBytes >= maxBytes {
            // The server counts bytes its own way: the request may not be over yet.
            isFinished = true
            return .deliverAndFinish
        }
        return .deliver
    }

    /// A status frame arrived.
    mutating func statusReceived(_ status: PullStatus, now: C.Instant) -> Action {
        guard !isFinished else { return .none }
        lastActivity = now
        if let error = status.terminalError {
            isFinished = true
            return .fail(error)
        }
        switch status {
        case .heartbeat:
            return .none
        case .noMessages, .requestTimeout, .maxBytesExceeded, .batchCompleted:
            isFinished = true
            requestIsOver = true
            return .finish
        case .serverShutdown, .leadershipChange, .pinIDMismatch:
            isFinished = true
            return .finish
        case .noResponders:
            isFinished = true
            return .fail(JetStreamError(.noResponders, "no JetStream server answered the pull request"))
        case .maxWaitingExceeded:
            isFinished = true
            return .fail(JetStreamError(.pullRequestRejected, "the consumer has too many waiting pull requests (max_waiting)"))
        case .unknown(let code, let description):
            isFinished = true
            return .fail(JetStreamError(.invalidResponse, "unexpected status \(code) \(description) on the pull inbox"))
        case .consumerDeleted, .consumerIsPushBased, .badRequest, .requestLimitExceeded:
            return .none  // handled as terminal above
        }
    }

    /// When ``timerFired(now:)`` must be called.
    var deadline: C.Instant? {
        guard !isFinished else { return nil }
        var deadline = startedAt.advanced(by: (request.expires ?? Self.noWaitTimeout) + Self.grace)
        if let heartbeat = request.idleHeartbeat {
            deadline = min(deadline, lastActivity.advanced(by: heartbeat * 2))
        }
        return deadline
    }

    /// The deadline passed: the request's time is up, or heartbeats stopped.
    mutating func timerFired(now: C.Instant) -> Action {
        guard !isFinished, let deadline, now >= deadline else { return .none }
        isFinished = true
        if let heartbeat = request.idleHeartbeat, now >= lastActivity.advanced(by: heartbeat * 2),
            now < startedAt.advanced(by: (request.expires ?? Self.noWaitTimeout) + Self.grace)
        {
            return .fail(JetStreamError(.missingHeartbeats, "no heartbeat from the server for \(heartbeat * 2)"))
        }
        return .finish
    }

    /// The connection dropped: the request is lost.
    mutating func connectionLost() -> Action {
        guard !isFinished else { return .none }
        isFinished = true
        return .fail(JetStreamError(.connectionClosed, "the connection was lost during the fetch"))
    }
}
