/// The bookkeeping of continuous pull consumption, without I/O.
///
/// It counts what the server still owes (``outstandingMessages``: requested, not yet received, not
/// released by a status frame) and what the client holds (``bufferedMessages``: received, not yet read),
/// and asks for more when their sum drops below the threshold. The idle-heartbeat watchdog is armed only
/// while the server owes messages, since only then does it send heartbeats.
///
/// The driver feeds it events and carries out what it returns; time comes in as instants of `C`, so
/// tests drive it with a manual clock.
struct PullConsumeStateMachine<C: Clock> where C.Duration == Duration {
    enum Phase: Hashable {
        case idle
        case active
        /// Waiting until the instant before pulling again (after a 503).
        case backingOff(until: C.Instant)
        case disconnected
        case finished
    }

    /// What a status frame asks of the driver.
    enum StatusAction: Equatable {
        case none
        case pull(PullRequest)
        /// Not terminal: tell the user (log) and go on.
        case warn(JetStreamError)
        /// Terminal: end consumption with this error.
        case fail(JetStreamError)
    }

    /// What a fired timer asks of the driver.
    enum TimerAction: Hashable {
        case none
        /// Pull again; `missedHeartbeats` says it is because the server went silent.
        case pull(PullRequest, missedHeartbeats: Bool)
    }

    let maxMessages: Int
    let maxBytes: Int?
    let thresholdMessages: Int
    let thresholdBytes: Int
    let expires: Duration
    let heartbeat: Duration
    /// The pause after a 503 before pulling again.
    let backoff: Duration

    private(set) var phase: Phase = .idle
    private(set) var outstandingMessages = 0
    private(set) var outstandingBytes = 0
    private(set) var bufferedMessages = 0
    private(set) var bufferedBytes = 0
    /// When the server last sent anything on the inbox, or the last pull went out.
    private(set) var lastActivity: C.Instant

    init(options: PullConsumeOptions, now: C.Instant) {
        maxMessages = options.maxMessages
        maxBytes = options.maxBytes
        thresholdMessages = options.thresholdMessages ?? options.maxMessages / 2
        thresholdBytes = options.thresholdBytes ?? (options.maxBytes ?? 0) / 2
        expires = options.expires
        heartbeat = options.resolvedHeartbeat
        backoff = min(options.resolvedHeartbeat, .seconds(1))
        lastActivity = now
    }

    /// Starts consuming: the first pull.
    mutating func start(now: C.Instant) -> PullRequest {
        precondition(phase == .idle, "start() called twice")
        phase = .active
        return makeRequest(now: now)!
    }

    /// A message arrived on the inbox (it is now buffered, not yet read).
    mutating func messageReceived(size: Int, now: C.Instant) {
        guard phase != .finished else { return }
        lastActivity = now
        outstandingMessages = max(0, outstandingMessages - 1)
        if maxBytes != nil { outstandingBytes = max(0, outstandingBytes - size) }
        if outstandingMessages == 0 { outstandingBytes = 0 }
        bufferedMessages += 1
        bufferedBytes += size
    }

    /// The reader took a buffered message; returns a pull when the prefetch ran low. `now` is read only for a pull.
    mutating func messageConsumed(size: Int, now: @autoclosure () -> C.Instant) -> PullRequest? {
        bufferedMessages = max(0, bufferedMessages - 1)
        bufferedBytes = max(0, bufferedBytes - size)
        guard isLow else { return nil }
        return pullIfLow(now: now())
    }

    /// A status frame arrived on the inbox.
    mutating func statusReceived(_ status: PullStatus, now: C.Instant) -> StatusAction {
        guard phase != .finished else { return .none }
        lastActivity = now
        if let error = status.terminalError {
            phase = .finished
            return .fail(error)
        }
        switch status {
        case .heartbeat:
            return .none
        case .requestTimeout(let pending), .maxBytesExceeded(let pending), .batchCompleted(let pending),
            .serverShutdown(let pending):
            release(pending)
            return pullIfLow(now: now).map(StatusAction.pull) ?? .none
        case .noMessages:
            // Only `no_wait` requests get a 404, and this machine sends none; nothing is owed any more.
            outstandingMessages = 0
            outstandingBytes = 0
            return pullIfLow(now: now).map(StatusAction.pull) ?? .none
        case .leadershipChange, .pinIDMismatch:
            // The open requests are gone; ask again.
            outstandingMessages = 0
            outstandingBytes = 0
            return pullIfLow(now: now).map(StatusAction.pull) ?? .none
        case .noResponders:
            outstandingMessages = 0
            outstandingBytes = 0
            if phase == .active { phase = .backingOff(until: now.advanced(by: backoff)) }
            return .warn(JetStreamError(.noResponders, "no JetStream server answered the pull request; retrying"))
        case .maxWaitingExceeded:
            return .warn(JetStreamError(.pullRequestRejected, "the consumer has too many waiting pull requests (max_waiting)"))
        case .unknown(let code, let description):
            return .warn(JetStreamError(.invalidResponse, "unexpected status \(code) \(description) on the pull inbox"))
        case .consumerDeleted, .consumerIsPushBased, .badRequest, .requestLimitExceeded:
            return .none  // handled as terminal above
        }
    }

    /// When ``timerFired(now:)`` must be called next; `nil` when no timer is needed.
    var deadline: C.Instant? {
        switch phase {
        case .active where outstandingMessages > 0:
            return lastActivity.advanced(by: heartbeat * 2)
        case .backingOff(let until):
            return until
        default:
            return nil
        }
    }

    /// The deadline passed.
    mutating func timerFired(now: C.Instant) -> TimerAction {
        switch phase {
        case .backingOff(let until) where now >= until:
            phase = .active
            return pullIfLow(now: now).map { .pull($0, missedHeartbeats: false) } ?? .none
        case .active where outstandingMessages > 0 && now >= lastActivity.advanced(by: heartbeat * 2):
            outstandingMessages = 0
            outstandingBytes = 0
            return pullIfLow(now: now).map { .pull($0, missedHeartbeats: true) } ?? .none
        default:
            return .none
        }
    }

    /// The connection dropped: open requests are lost with it.
    mutating func connectionLost() {
        guard phase != .finished, phase != .idle else { return }
        phase = .disconnected
        outstandingMessages = 0
        outstandingBytes = 0
    }

    /// The connection is back: pull again.
    mutating func connectionRestored(now: C.Instant) -> PullRequest? {
        guard phase == .disconnected else { return nil }
        phase = .active
        lastActivity = now
        return pullIfLow(now: now)
    }

    /// Stops for good; nothing more is pulled.
    mutating func finish() {
        phase = .finished
    }

    private mutating func release(_ pending: PullStatus.Pending) {
        outstandingMessages = max(0, outstandingMessages - pending.messages)
        if maxBytes != nil { outstandingBytes = max(0, outstandingBytes - pending.bytes) }
        if outstandingMessages == 0 { outstandingBytes = 0 }
    }

    private mutating func pullIfLow(now: C.Instant) -> PullRequest? {
        guard isLow else { return nil }
        return makeRequest(now: now)
    }

    /// Whether consuming and the prefetch ran below the threshold.
    private var isLow: Bool {
        guard phase == .active else { return false }
        let messagesLow = outstandingMessages + bufferedMessages < max(thresholdMessages, 1)
        let bytesLow = maxBytes != nil && outstandingBytes + bufferedBytes < thresholdBytes
        return messagesLow || bytesLow
    }

    /// A request for what is missing up to the prefetch; `nil` when nothing is.
    private mutating func makeRequest(now: C.Instant) -> PullRequest? {
        let batch = maxMessages - outstandingMessages - bufferedMessages
        guard batch > 0 else { return nil }
        var bytes: Int?
        if let maxBytes {
            let budget = maxBytes - outstandingBytes - bufferedBytes
            guard budget > 0 else { return nil }
            bytes = budget
            outstandingBytes += budget
        }
        outstandingMessages += batch
        lastActivity = now
        return PullRequest(batch: batch, maxBytes: bytes, expires: expires, idleHeartbeat: heartbeat)
    }
}
