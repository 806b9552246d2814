import JetStream
import Logging
import NATS
import SluiceSQLite
import Synchronization

/// The edge sync agent: keeps the local store of an edge up to date from the change stream.
///
/// It reads its durable consumer `edge-<id>`, filtered to the stores its products keep, through the JetStream domain
/// of the central tier (across the leaf connection), applies each change to the local store in one transaction with
/// its stream sequence (so a redelivery is recognised and not applied twice), then acknowledges it. Each store's changes
/// are applied in stream order: a change that fails is tried again after ``EdgeConfig/nakDelay`` while its store's later
/// changes wait, and after ``EdgeConfig/maxDeliver`` attempts it goes to the dead letters with the reason; changes
/// delivered before and not acknowledged (to a killed agent) are read from the stream in order before pulling resumes.
/// While the consumer is behind it applies more stores at once, one store's changes always in
/// stream order. When the leaf is down the agent keeps its store (and the reads it serves) and reports degraded; when it
/// is back the consumer continues from its last acknowledgement.
///
/// ```swift
/// let agent = EdgeAgent(config: config, client: client, store: store)
/// try await agent.run()   // until cancelled
/// ```
public final class EdgeAgent: Sendable {
    /// The settings.
    public let config: EdgeConfig
    /// The connection to the edge's local server.
    public let client: NATSClient
    /// The local store.
    public let store: EdgeStore
    /// The forwarded answers of cache-mode products.
    public let cache: AnswerCache
    let context: JetStreamContext
    let health: EdgeHealth
    let metrics = EdgeMetrics()
    let logger: Logger
    /// Held by whatever applies changes (a batch of deliveries, a fill from the stream, a rebuild), one at a time, so
    /// each store's changes are applied in stream order.
    let applying = LeasePool<Void>([()])
    let productState: Mutex<ProductRegistry>
    /// Subjects that became kept and whose fill from the stream failed; the next preparation fills them.
    let unfilled = Mutex<Set<String>>([])
    /// Called with the changes of each transaction the consumer applied, after its commit (for measurements).
    let onApplied: (@Sendable ([TupleChange]) -> Void)?

    /// Creates an agent on a connected client and an open store.
    ///
    /// - Parameter onApplied: Called with the changes of each committed transaction of the consumer, e.g. to time them.
    public init(
        config: EdgeConfig,
        client: NATSClient,
        store: EdgeStore,
        logger: Logger = Logger(label: "sluice.edge"),
        onApplied: (@Sendable ([TupleChange]) -> Void)? = nil
    ) {
        self.onApplied = onApplied
        self.config = config
        self.productState = Mutex(config.products)
        self.client = client
        self.store = store
        self.logger = logger
        self.cache = AnswerCache(ttl: config.cacheTTL)
        self.health = EdgeHealth(lagThreshold: config.lagThreshold)
        self.context = JetStreamContext(client: client, domain: config.nats.domain, logger: logger)
    }

    /// Connects to the edge's local server as the configuration says, reconnecting for ever.
    public static func connect(_ nats: EdgeConfig.NATS, name: String, logger: Logger) async throws -> NATSClient {
        var options = NATSClientOptions(servers: nats.urls, logger: logger)
        options.name = name
        options.reconnect.maxAttempts = -1
        options.reconnect.wait = .milliseconds(500)
        options.pingInterval = .seconds(5)
        if let user = nats.user { options.auth = .userPassword(user: user, password: nats.password ?? "") }
        if nats.caFile != nil || nats.certFile != nil {
            options.tls = NATSTLSOptions(caFile: nats.caFile, certificateFile: nats.certFile, keyFile: nats.keyFile)
        }
        return try await NATSClient.connect(options)
    }

    /// The products now: those of ``config`` until ``reload(products:)`` changes them.
    public var products: ProductRegistry { productState.withLock { $0 } }

    /// Takes new products while running: the consumer's filters are updated in place, keeping its position; stores
    /// that became kept are filled from the stream before their deliveries are applied; reads follow the new products.
    /// A store no longer kept receives no more changes (its tuples stay in the file).
    /// - Throws: When the central JetStream cannot be reached; calling again finishes the change.
    public func reload(products new: ProductRegistry) async throws {
        productState.withLock { $0 = new }
        logger.notice("products changed", metadata: ["stores": "\(new.syncedStores.sorted())"])
        _ = try await prepareConsumer()
    }

    /// Whether the edge is ready, or degraded and why.
    public var readiness: EdgeReadiness { health.readiness }

    /// What the agent has done since it started.
    public var counts: EdgeCounts { metrics.snapshot }

    /// Runs until cancelled: watches the connection and the lag, answers control messages, and applies changes.
    public func run() async throws {
        health.setConnected(client.isConnected)
        metrics.connected.record(client.isConnected ? 1 : 0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.watchConnection() }
            group.addTask { await self.watchLag() }
            group.addTask { try await self.serveControl() }
            group.addTask { try await self.consumeForever() }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func watchConnection() async {
        for await event in client.events {
            switch event {
            case .connected, .reconnected:
                health.setConnected(true)
                metrics.connected.record(1)
            case .disconnected, .closed:
                health.setConnected(false)
                metrics.connected.record(0)
            default:
                continue
            }
        }
    }

    private func watchLag() async {
        while !Task.isCancelled {
            do {
                let info = try await context.consumerInfo(stream: config.stream, name: config.consumerName)
                let pending = info.numPending
                health.setLag(pending, catchingUp: pending > UInt64(config.catchUpAbove))
                metrics.lag.record(Int64(clamping: pending))
                metrics.pending.record(Int64(clamping: pending))
            } catch {
                health.setJetStreamError(Self.brief(error))
            }
            try? await Task.sleep(for: config.lagInterval)
        }
    }

    /// Prepares the consumer and consumes; after a failure (the leaf is down, the stream is missing) tries again.
    private func consumeForever() async throws {
        var prepared = false
        var idle = false
        while !Task.isCancelled {
            do {
                if !prepared {
                    guard try await prepareConsumer() else {
                        if !idle { logger.notice("no product keeps a store on this edge; serving reads only") }
                        idle = true
                        try? await Task.sleep(for: .seconds(1))
                        continue
                    }
                    prepared = true
                }
                try await consume()
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                health.setJetStreamError(Self.brief(error))
                logger.info("consuming failed; trying again", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    static func brief(_ error: any Error) -> String {
        String(String(describing: error).prefix(200))
    }
}
