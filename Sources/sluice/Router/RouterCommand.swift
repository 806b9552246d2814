import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import SluiceHTTPAuth
import SluiceLauncher
import SluiceOutboxRole
import SluiceRouter
import SluiceRouterAPI
import SluiceServer
import UnixSignals

/// `sluice router CONFIG`: reads messages from queues and delivers them over HTTP through pools.
struct RouterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
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

    func run() async throws {
        let settings: RouterRoleConfig
        do {
            settings = try RouterRoleConfig.load(file: config)
        } catch {
            FileHandle.standardError.write(Data("sluice router: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let registry = SluiceMetrics.bootstrap()
        let logger = Logger(label: "sluice.router")
        let authentication: HTTPAuthConfiguration?
        do {
            authentication = try settings.auth?.configuration(environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("sluice router: \(config): \(error)\n".utf8))
            throw ExitCode.failure
        }
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
            pools: settings.pools.map(makePool),
            batchSize: settings.router.batchSize,
            logger: logger
        )
        let (host, port) = try OutboxCommand.address(listen ?? settings.router.listen)
        let operations = RouterOperations(router: router, registry: registry).routes()
        if let authentication {
            let api = RouterAPI(
                router: router,
                queues: Dictionary(queues.named.map { ($0.name, $0.queue as any QueueProducer) }) { first, _ in first },
                deadLetters: DeadLetterBrowser(deadLetters: deadLetters),
                replayQueue: queues.named[0].queue,
                authenticator: try await HTTPAuthenticator(authentication),
                makePool: makePool
            )
            api.register(on: operations)
        } else {
            logger.notice("no auth section: the platform API (/api) is not served")
        }
        let app = Application(router: operations, configuration: .init(address: .hostname(host, port: port)), logger: logger)
        let reload = PoolReload(file: config, router: router, logger: logger, make: makePool)
        logger.info(
            "routing",
            metadata: ["queues": "\(queues.named.map(\.name))", "pools": "\(router.pools.map(\.code))", "operations": "\(host):\(port)"]
        )
        let group = ServiceGroup(services: [RouterService(router: router), reload, app], logger: logger)
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
struct RouterService: Service {
    let router: MessageRouter

    func run() async throws {
        await cancelWhenGracefulShutdown { await router.run() }
    }
}

/// Reads the file's pools again on SIGHUP and applies them.
struct PoolReload: Service {
    let file: String
    let router: MessageRouter
    let logger: Logger
    let make: @Sendable (PoolConfiguration) -> Pool

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in hangups {
                do {
                    let settings = try RouterRoleConfig.load(file: file)
                    for configuration in settings.pools { router.upsert(configuration) { make(configuration) } }
                    logger.notice("pools reloaded", metadata: ["pools": "\(settings.pools.map(\.code))"])
                } catch {
                    logger.error("pools not reloaded: \(error)")
                }
            }
        }
    }
}
