import Logging
public import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// A connection to a NATS server (or cluster) that reconnects by itself.
///
/// ## Connecting
/// ```swift
/// let client = try await NATSClient.connect(NATSClientOptions(servers: ["nats://127.0.0.1:4222"]))
/// try await client.publish("orders.created", "{\"id\":1}")
/// for try await message in try await client.subscribe("orders.>") { print(message.subject, message.string) }
/// await client.close()
/// ```
///
/// Publishing is buffered: many publishes go out in one write. A publish suspends only when the
/// unsent bytes pass a high-water mark, so a fast producer is slowed instead of growing memory.
/// While disconnected, publishes are kept up to ``NATSReconnectOptions/bufferSize`` and sent after
/// the reconnect; subscriptions are restored.
public final class NATSClient: Sendable {
    let options: NATSClientOptions
    let logger: Logger
    /// The event loop every connection of this client runs on, and its timers.
    public let eventLoop: any EventLoop
    /// Runs tasks on ``eventLoop``.
    ///
    /// A loop that publishes or consumes at a high rate can run there, under
    /// `withTaskExecutorPreference(client.taskExecutor) { … }`: messages are then encoded, written, read and handled
    /// on one thread, as nats.go does from its goroutines, with no hand-off between threads, and a wait for an
    /// acknowledgement or a message is resumed right where the reply was read. Such a loop holds up every connection
    /// on the event loop while it runs, so it should do little per message besides the client's calls (which
    /// suspend when the connection is behind). docs/performance.md has the figures.
    public let taskExecutor: EventLoopTaskExecutor
    let state: Mutex<ClientState>
    let nuid = NUID()
    let requests = RequestMultiplexer()
    let tlsContext: NIOSSLContext?
    /// Whether the servers a cluster announces join the reconnect pool (``mayAddDiscoveredServers(ignoring:usesTLS:hasCredentials:)``).
    let addsDiscoveredServers: Bool
    /// The origin of the reconnect schedule's clock.
    let createdAt = ContinuousClock.now
    private let broadcaster = EventBroadcaster()

    /// Connection events: connected, disconnected, reconnected, lame duck mode, slow consumers, server errors, closed.
    ///
    /// Each access returns a new stream that receives every event from then on, so the application and libraries
    /// built on the client can each listen; a stream keeps the newest 1,024 events when it is not read.
    public var events: AsyncStream<NATSEvent> { broadcaster.makeStream() }

    /// Unsent bytes past which ``publish(_:payload:headers:replyTo:)`` waits for the connection to drain.
    ///
    /// 1 MiB rather than more: the buffer a publisher fills stays closer to its core's caches, and core publishing
    /// measured about 7% faster than with 4 MiB (docs/performance.md).
    static let outboundHighWaterMark = 1024 * 1024

    private init(options: NATSClientOptions, urls: [NATSServerURL]) throws {
        self.options = options
        self.logger = options.logger
        self.eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        self.taskExecutor = EventLoopTaskExecutor(eventLoop: eventLoop)
        var generator = SystemRandomNumberGenerator()
        let pool = ServerPool(
            urls: urls,
            maxAttempts: options.reconnect.maxAttempts,
            reconnectWait: options.reconnect.wait,
            randomize: !options.noRandomize,
            using: &generator
        )
        self.state = Mutex(
            ClientState(
                outbound: ByteBufferAllocator().buffer(capacity: 64 * 1024),
                keepAlive: KeepAlive(maxOutstanding: options.maxPingsOutstanding),
                pool: pool
            )
        )
        let needsTLS = options.tls != nil || urls.contains(where: \.requiresTLS)
        self.tlsContext = needsTLS ? try TLSSetup.makeContext(options.tls ?? NATSTLSOptions()) : nil
        self.addsDiscoveredServers = Self.mayAddDiscoveredServers(
            ignoring: options.ignoreDiscoveredServers,
            usesTLS: needsTLS,
            hasCredentials: Self.hasCredentials(auth: options.auth, urls: urls)
        )
        if !addsDiscoveredServers && !options.ignoreDiscoveredServers {
            logger.info("servers the cluster announces are not used: credentials are not sent to them without TLS")
        }
    }

    /// Connects to the first server of the pool that accepts the connection.
    ///
    /// - Throws: ``NATSError`` `.authorizationViolation` when the server refuses the credentials,
    ///   `.tls` when TLS fails, `.connectFailed` when no server could be reached.
    public static func connect(_ options: NATSClientOptions) async throws -> NATSClient {
        guard !options.servers.isEmpty else { throw NATSError(.invalidArgument, "no server URL given") }
        let urls = try options.servers.map(NATSServerURL.init(parsing:))
        let client = try NATSClient(options: options, urls: urls)
        try await client.connectFirstTime()
        return client
    }

    /// What the server said about itself when the client last connected.
    public var serverInfo: NATSServerInfo? { state.withLock { $0.serverInfo } }

    /// Whether the client has a live connection now.
    public var isConnected: Bool { state.withLock { $0.isConnected } }

    /// The largest payload (headers included) the connected server accepts.
    public var maxPayload: Int { state.withLock { $0.serverInfo?.maxPayload ?? 1_048_576 } }

    /// A new unique subject under the inbox prefix, for replies.
    public func newInbox() -> String {
        "\(options.inboxPrefix).\(nuid.next())"
    }

    func emit(_ event: NATSEvent) {
        broadcaster.emit(event)
    }

    /// Unsubscribes everything, delivers what was already received, sends what is buffered, then closes.
    public func drain(timeout: Duration = .seconds(30)) async throws {
        let buffers: [SubscriptionBuffer] = try state.withLock { state in
            guard !state.isClosed else { throw NATSError(.connectionClosed, "the client is closed") }
            var buffers: [SubscriptionBuffer] = []
            for (sid, subscription) in state.subscriptions {
                ClientOpEncoder.unsubscribe(sid: sid, max: nil, into: &state.outbound)
                if case .buffer(let buffer) = subscription.sink { buffers.append(buffer) }
            }
            state.subscriptions.removeAll()
            state.requestInboxPrefix = nil
            return buffers
        }
        scheduleWrite()
        defer {
            for buffer in buffers { buffer.finish() }
        }
        do {
            try await flush(timeout: timeout)
        } catch {
            await close()
            throw error
        }
        await close()
    }

    /// Sends what is buffered and closes the connection for good. Subscriptions end; waiting requests fail.
    public func close() async {
        let taken = state.withLock { state -> (channel: (any Channel)?, snapshot: ClientState)? in
            guard !state.isClosed else { return nil }
            let taken = (channel: state.channel, snapshot: state)
            state.phase = .closed
            state.subscriptions.removeAll()
            state.pongWaiters.removeAll()
            state.backpressureWaiters.removeAll()
            state.reconnectTask = nil
            state.outbound = ByteBuffer()
            return taken
        }
        guard let (channel, snapshot) = taken else { return }
        snapshot.reconnectTask?.cancel()
        if let channel {
            if snapshot.outbound.readableBytes > 0 {
                channel.writeAndFlush(snapshot.outbound, promise: nil)
            }
            try? await channel.close()
        }
        finishAll(snapshot, error: NATSError(.connectionClosed, "the client was closed"))
        emit(.closed)
        broadcaster.finish()
    }

    /// Ends every subscription and fails every waiter of a state that is being discarded.
    func finishAll(_ snapshot: ClientState, error: NATSError) {
        for subscription in snapshot.subscriptions.values {
            if case .buffer(let buffer) = subscription.sink { buffer.finish() }
        }
        for waiter in snapshot.pongWaiters { waiter?.fail(error) }
        for waiter in snapshot.backpressureWaiters { waiter.resume(throwing: error) }
        requests.failAll(error)
    }

    deinit {
        broadcaster.finish()
    }
}
