import NIOCore

/// Everything about a client that changes, guarded by the client's lock.
struct ClientState {
    enum Phase {
        /// Connecting for the first time.
        case connecting
        case connected(any Channel)
        /// Lost the connection; reconnecting.
        case disconnected
        case closed
    }

    /// One subscription as the connection knows it.
    struct Subscription {
        var subject: String
        var queue: String?
        /// Where messages go: a buffer for an `AsyncSequence`, or a callback run on the event loop.
        var sink: Sink
        /// Unsubscribe after this many deliveries in all.
        var maxMessages: Int?
        var delivered = 0

        enum Sink {
            case buffer(SubscriptionBuffer)
            case callback(@Sendable (NATSMessage) -> Void)
        }

        /// Counts one delivery. Returns where the message goes, and whether it was the last one allowed.
        mutating func recordDelivery() -> (sink: Sink, subject: String, last: Bool) {
            delivered += 1
            return (sink, subject, maxMessages.map { delivered >= $0 } ?? false)
        }
    }

    var phase: Phase = .connecting
    /// Encoded operations not yet handed to the channel; while disconnected, the reconnect buffer.
    var outbound: ByteBuffer
    /// The buffer handed to the channel by the last write, kept to be written into again once the channel is done
    /// with it (saves allocating, and the kernel zeroing, fresh pages for every write).
    var spareOutbound: ByteBuffer?
    /// A write of `outbound` is scheduled on the event loop.
    var flushScheduled = false
    /// The channel is not writable; writing waits for it to drain.
    var writeBlocked = false
    /// Publishers waiting for `outbound` to shrink below the high-water mark.
    var backpressureWaiters: [CheckedContinuation<Void, any Error>] = []
    var subscriptions: [UInt64: Subscription] = [:]
    var nextSID: UInt64 = 1
    /// One entry per `PING` sent since the connection was made: a waiting `flush()`, or `nil` for a keepalive ping.
    var pongWaiters = CircularBuffer<FlushWaiter?>()
    var keepAlive: KeepAlive
    var serverInfo: NATSServerInfo?
    var currentServer: NATSServerURL?
    var pool: ServerPool
    var reconnectTask: Task<Void, Never>?
    /// Set by the first `request`: the wildcard inbox all replies arrive on.
    var requestInboxPrefix: String?
    var lameDuckReported = false

    var isConnected: Bool {
        if case .connected = phase { return true }
        return false
    }

    var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }

    var channel: (any Channel)? {
        if case .connected(let channel) = phase { return channel }
        return nil
    }

    /// The largest written buffer kept for reuse: one filled to the high-water mark grows to twice it. A larger one
    /// (after a burst of large messages) is let go.
    static let maxSpareCapacity = 2 * NATSClient.outboundHighWaterMark

    /// An empty buffer for `outbound`: the spare when the channel no longer holds it, else a new one.
    mutating func takeSpareOutbound(allocator: ByteBufferAllocator) -> ByteBuffer {
        guard var spare = spareOutbound.take() else { return allocator.buffer(capacity: 64 * 1024) }
        spare.clear()  // reuses the memory when unique; copies-on-write into new memory when still being written
        return spare
    }

    /// Keeps a buffer just handed to the channel, to reuse it for a later write.
    mutating func keepAsSpare(_ written: ByteBuffer) {
        spareOutbound = written.capacity <= Self.maxSpareCapacity ? written : nil
    }

    /// Takes the waiters for pongs, to fail them when the connection is lost.
    mutating func takePongWaiters() -> [FlushWaiter] {
        let waiters = pongWaiters.compactMap { $0 }
        pongWaiters.removeAll()
        return waiters
    }
}
