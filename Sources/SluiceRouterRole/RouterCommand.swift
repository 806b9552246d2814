import ArgumentParser
import FoundationEssentials
import Hummingbird
import Logging
import ServiceLifecycle
import SluiceCore
import SluiceHTTPAuth
import SluiceLauncher
import SluiceRouter
import SluiceRouterAPI
import SluiceServer
import Synchronization
import UnixSignals

/// `sluice router CONFIG`: reads messages from queues and delivers them over HTTP through pools.
public struct RouterCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "router",
        abstract: "Deliver queued messages to their HTTP targets through rate-limited pools.",
        discussion: """
            Reads the queues of the file (SQLite, JetStream, SQS), hands each message to the pool its pool code names, \
            and POSTs it to its target with a signature and an idempotency key; retries on the pool's schedule and moves \
            what cannot be delivered to the dead-letter queue. SIGHUP reads the file's pools again and applies their \
            limits without losing messages in flight. Serves /healthz, /readyz and /metrics. The file format is in \
            docs/router.md.
            """
    )

    @Argument(help: "The configuration file (YAML: router, queues, dead_letters, pools).")
    var config: String

    @Option(help: "Serve operations on this address instead of the file's router.listen.")
    var listen: String?

    public init() {}

    public func run() async throws {
        let settings: RouterRoleConfig
        do {
            settings = try RouterRoleConfig.load(file: config)
        } catch {
            StandardError.write("sluice router: \(error)\n")
            throw ExitCode.failure
        }
        EventLoopThreads.apply(settings.eventLoopThreads)
        let registry = SluiceMetrics.bootstrap()
        let logger = Logger(label: "sluice.router")
        let authentication: HTTPAuthConfiguration?
        do {
            authentication = try settings.auth?.configuration(environment: ProcessInfo.processInfo.environment)
        } catch {
            StandardError.write("sluice router: \(config): \(error)\n")
            throw ExitCode.failure
        }
        let overrides: PoolOverrides
        let pools: [PoolConfiguration]
        do {
            overrides = try PoolOverrides.open(path: settings.router.stateFile)
            pools = try overrides.resolve(settings.pools)
        } catch {
            StandardError.write("sluice router: \(error)\n")
            throw ExitCode.failure
        }
        let filePools = FilePools(settings.pools)
        let queues = try await RouterQueues.open(settings)
        let secret = settings.router.signingSecretEnv.flatMap { ProcessInfo.processInfo.environment[$0] }
        let deliverer = HTTPDeliverer(signingSecret: secret, circuitBreaker: settings.router.circuitBreaker)
        let deadLetters = queues.deadLetters!
        let leaseRenewal = settings.router.leaseRenewal
        let makePool: @Sendable (PoolConfiguration) -> Pool = { configuration in
            Pool(configuration: configuration, deliverer: deliverer, deadLetters: deadLetters, leaseRenewal: leaseRenewal, logger: logger)
        }
        let router = MessageRouter(
            queues: queues.named.map(\.queue),
            pools: pools.map(makePool),
            batchSize: settings.router.batchSize,
            logger: logger
        )
        let (host, port) = try ListenAddress.split(listen ?? settings.router.listen)
        let operations = RouterOperations(router: router, registry: registry).routes()
        if let authentication {
            let api = RouterAPI(
                router: router,
                queues: Dictionary(queues.named.map { ($0.name, $0.queue as any QueueProducer) }) { first, _ in first },
                deadLetters: DeadLetterBrowser(deadLetters: deadLetters),
                replayQueue: queues.named[0].queue,
                authenticator: try await HTTPAuthenticator(authentication),
                makePool: makePool,
                recordChange: { try overrides.record($0, base: filePools.entry($0.code)) }
            )
            api.register(on: operations)
        } else {
            logger.notice("no auth section: the platform API (/api) is not served")
        }
        let app = Application(router: operations, configuration: .init(address: .hostname(host, port: port)), logger: logger)
        let reload = PoolReload(file: config, router: router, overrides: overrides, filePools: filePools, logger: logger, make: makePool)
        logger.info(
            "routing",
            metadata: ["queues": "\(queues.named.map(\.name))", "pools": "\(router.pools.map(\.code))", "operations": "\(host):\(port)"]
        )
        let group = ServiceGroup(services: [RouterService(router: router, drainTimeout: settings.router.drainTimeout), reload, app], logger: logger)
        do {
            try await ShutdownSignals.run(group, logger: logger)
        } catch {
            try? await deliverer.shutdown()
            await queues.close()
            throw error
        }
        try? await deliverer.shutdown()
        await queues.close()
    }
}

/// The router as a service: runs until graceful shutdown.
/// Runs the router; a graceful shutdown drains it (``MessageRouter/drain()``), and deliveries still in flight after
/// `drainTimeout` are cancelled (their messages come again when their leases run out).
struct RouterService: Service {
    let router: MessageRouter
    let drainTimeout: Duration

    func run() async throws {
        let (drainBegan, beginDrain) = AsyncStream.makeStream(of: Void.self)
        await withTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                await withGracefulShutdownHandler {
                    await router.run()
                } onGracefulShutdown: {
                    router.drain()
                    beginDrain.yield()
                }
            }
            tasks.addTask {
                for await _ in drainBegan {
                    try? await Task.sleep(for: drainTimeout)
                    return
                }
            }
            // The router ends (drained, or cancelled) or the drain's deadline passes: either way, stop the other.
            await tasks.next()
            tasks.cancelAll()
        }
    }
}

/// Reads the file's pools again on SIGHUP and applies them, with the API's changes to pools whose entry in the file
/// did not change (see ``PoolOverrides``).
struct PoolReload: Service {
    let file: String
    let router: MessageRouter
    let overrides: PoolOverrides
    let filePools: FilePools
    let logger: Logger
    let make: @Sendable (PoolConfiguration) -> Pool

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in hangups {
                do {
                    let settings = try RouterRoleConfig.load(file: file)
                    filePools.replace(settings.pools)
                    let pools = try overrides.resolve(settings.pools)
                    for configuration in pools { router.upsert(configuration) { make(configuration) } }
                    logger.notice("pools reloaded", metadata: ["pools": "\(pools.map(\.code))"])
                } catch {
                    logger.error("pools not reloaded: \(error)")
                }
            }
        }
    }
}

/// The pools as the configuration file last gave them, by code: the base of an API change.
final class FilePools: Sendable {
    private let pools: Mutex<[String: PoolConfiguration]>

    init(_ pools: [PoolConfiguration]) {
        self.pools = Mutex(Dictionary(pools.map { ($0.code, $0) }) { _, last in last })
    }

    /// The file's entry for pool `code`, if it has one.
    func entry(_ code: String) -> PoolConfiguration? { pools.withLock { $0[code] } }

    /// Takes the file's pools as read again.
    func replace(_ pools: [PoolConfiguration]) {
        self.pools.withLock { $0 = Dictionary(pools.map { ($0.code, $0) }) { _, last in last } }
    }
}
