import NATS

/// What a status frame (a message with a status code and no payload) on a pull inbox means.
///
/// The server sends them on the inbox of a pull request:
/// - 100 `Idle Heartbeat`: the request is still open;
/// - 404 `No Messages`: a `no_wait` request found nothing;
/// - 408 `Request Timeout` (or `Interest Expired`, `Requests Pending`): the request ended, with
///   `Nats-Pending-Messages`/`Nats-Pending-Bytes` saying how much of it went unused;
/// - 409: `Message Size Exceeds MaxBytes`, `Batch Completed`, `Server Shutdown` (all end a request and
///   carry pending counts), `Leadership Change`, `Consumer Deleted`, `Consumer is push based`,
///   `Exceeded MaxWaiting`, `Exceeded MaxRequestBatch of N`, `Exceeded MaxRequestExpires of D`,
///   `Exceeded MaxRequestMaxBytes of N`;
/// - 400 `Bad Request - …`: the request was malformed;
/// - 503: no responders, JetStream is not reachable.
enum PullStatus: Sendable, Hashable {
    /// The outstanding part of an ended request.
    struct Pending: Sendable, Hashable {
        var messages: Int
        var bytes: Int
    }

    case heartbeat
    case noMessages
    case requestTimeout(Pending)
    case maxBytesExceeded(Pending)
    case batchCompleted(Pending)
    case serverShutdown(Pending)
    case leadershipChange
    case consumerDeleted
    case consumerIsPushBased
    case maxWaitingExceeded
    /// A request over one of the consumer's `max_batch`, `max_expires` or `max_bytes`.
    case requestLimitExceeded(String)
    case badRequest(String)
    case noResponders
    /// 423: a pinned-client priority group chose another client.
    case pinIDMismatch
    case unknown(code: Int, description: String)

    /// Classifies a message: `nil` when it is an ordinary message (no status, or a payload).
    init?(_ message: NATSMessage) {
        guard let code = message.status, message.payload.readableBytes == 0 else { return nil }
        self.init(code: code, description: message.statusDescription ?? "", headers: message.headers)
    }

    /// Classifies a status code and description.
    init(code: Int, description: String, headers: NATSHeaders?) {
        let lowered = description.lowercased()
        let pending = Pending(
            messages: headers?[JetStreamHeader.pendingMessages].flatMap { Int($0) } ?? 0,
            bytes: headers?[JetStreamHeader.pendingBytes].flatMap { Int($0) } ?? 0
        )
        switch code {
        case 100: self = .heartbeat
        case 404: self = .noMessages
        case 408: self = .requestTimeout(pending)
        case 409:
            if lowered.contains("message size exceeds maxbytes") {
                self = .maxBytesExceeded(pending)
            } else if lowered.contains("batch completed") {
                self = .batchCompleted(pending)
            } else if lowered.contains("server shutdown") {
                self = .serverShutdown(pending)
            } else if lowered.contains("leadership change") {
                self = .leadershipChange
            } else if lowered.contains("consumer deleted") {
                self = .consumerDeleted
            } else if lowered.contains("push based") {
                self = .consumerIsPushBased
            } else if lowered.contains("exceeded maxwaiting") {
                self = .maxWaitingExceeded
            } else if lowered.contains("exceeded maxrequest") {
                self = .requestLimitExceeded(description)
            } else {
                self = .unknown(code: code, description: description)
            }
        case 400: self = .badRequest(description)
        case 423: self = .pinIDMismatch
        case 503: self = .noResponders
        default: self = .unknown(code: code, description: description)
        }
    }

    /// The error that ends consumption for good, or `nil` when consumption can go on.
    var terminalError: JetStreamError? {
        switch self {
        case .consumerDeleted:
            JetStreamError(.consumerDeleted, "the consumer was deleted")
        case .consumerIsPushBased:
            JetStreamError(.consumerIsPushBased, "the consumer is push based; pull consumers are needed")
        case .badRequest(let description):
            JetStreamError(.pullRequestRejected, "the server rejected the pull request: \(description)")
        case .requestLimitExceeded(let description):
            JetStreamError(.pullRequestRejected, "the pull request exceeds the consumer's limits: \(description)")
        default:
            nil
        }
    }
}
