/// How ``PullConsumer/messages(options:)`` keeps messages flowing.
///
/// The consumer asks the server for up to ``maxMessages`` (and ``maxBytes``) at a time and asks again
/// when fewer than ``thresholdMessages`` are outstanding or waiting to be read, so a slow reader holds
/// at most ``maxMessages`` in memory.
public struct PullConsumeOptions: Sendable, Hashable {
    /// How many messages to have requested or buffered at most. Defaults to 500, as nats.go does.
    public var maxMessages: Int = 500
    /// How many bytes to have requested or buffered at most; `nil` for no byte limit. Defaults to `nil`.
    public var maxBytes: Int?
    /// How long each pull request stays open on the server. Defaults to 30 seconds.
    public var expires: Duration = .seconds(30)
    /// How often the server reports an idle open request; two missed heartbeats make the consumer pull
    /// again. `nil` takes half of ``expires``, at most 30 seconds. Must be 500 ms to 30 s and at most half
    /// of ``expires``.
    public var idleHeartbeat: Duration?
    /// Pull again when fewer messages than this are outstanding or buffered. `nil` takes half of
    /// ``maxMessages``.
    public var thresholdMessages: Int?
    /// Pull again when fewer bytes than this are outstanding or buffered. `nil` takes half of ``maxBytes``.
    public var thresholdBytes: Int?

    /// Creates the default options.
    public init() {}

    /// Creates options with the given prefetch.
    public init(maxMessages: Int, maxBytes: Int? = nil, expires: Duration = .seconds(30)) {
        self.maxMessages = maxMessages
        self.maxBytes = maxBytes
        self.expires = expires
    }

    /// The heartbeat interval in effect.
    var resolvedHeartbeat: Duration {
        idleHeartbeat ?? min(expires / 2, .seconds(30))
    }

    /// Checks the options against the limits the server enforces.
    func validate() throws(JetStreamError) {
        guard maxMessages > 0 else { throw JetStreamError(.invalidArgument, "maxMessages must be positive") }
        if let maxBytes, maxBytes <= 0 { throw JetStreamError(.invalidArgument, "maxBytes must be positive") }
        guard expires >= .seconds(1) else { throw JetStreamError(.invalidArgument, "expires must be at least 1 second") }
        let heartbeat = resolvedHeartbeat
        guard heartbeat >= .milliseconds(500), heartbeat <= .seconds(30) else {
            throw JetStreamError(.invalidArgument, "idleHeartbeat must be between 500 ms and 30 s")
        }
        guard heartbeat * 2 <= expires else {
            throw JetStreamError(.invalidArgument, "idleHeartbeat must be at most half of expires")
        }
        if let thresholdMessages, thresholdMessages < 0 || thresholdMessages > maxMessages {
            throw JetStreamError(.invalidArgument, "thresholdMessages must be between 0 and maxMessages")
        }
    }
}

/// How ``PullConsumer/fetch(batch:maxBytes:expires:)`` asks for one batch.
public struct PullFetchOptions: Sendable, Hashable {
    /// The most messages to return.
    public var batch: Int
    /// The most bytes to return; `nil` for no byte limit.
    public var maxBytes: Int?
    /// How long to wait for the batch to fill. Defaults to 30 seconds.
    public var expires: Duration = .seconds(30)
    /// Return at once with what is available, without waiting. Defaults to `false`.
    public var noWait: Bool = false
    /// How often the server reports an idle open request; two missed heartbeats end the fetch with
    /// ``JetStreamError/Code/missingHeartbeats``. `nil` for none. Must be at most half of ``expires``.
    public var idleHeartbeat: Duration?

    /// Creates options for one batch.
    public init(batch: Int, maxBytes: Int? = nil, expires: Duration = .seconds(30), noWait: Bool = false, idleHeartbeat: Duration? = nil) {
        self.batch = batch
        self.maxBytes = maxBytes
        self.expires = expires
        self.noWait = noWait
        self.idleHeartbeat = idleHeartbeat
    }

    /// Checks the options against the limits the server enforces.
    func validate() throws(JetStreamError) {
        guard batch > 0 else { throw JetStreamError(.invalidArgument, "batch must be positive") }
        if let maxBytes, maxBytes <= 0 { throw JetStreamError(.invalidArgument, "maxBytes must be positive") }
        guard expires > .zero else { throw JetStreamError(.invalidArgument, "expires must be positive") }
        if let idleHeartbeat {
            guard !noWait else { throw JetStreamError(.invalidArgument, "idleHeartbeat cannot be used with noWait") }
            guard idleHeartbeat * 2 <= expires else {
                throw JetStreamError(.invalidArgument, "idleHeartbeat must be at most half of expires")
            }
        }
    }
}
