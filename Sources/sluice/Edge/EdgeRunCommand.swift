import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import SluiceEdge
import SluiceHTTPAuth
import SluiceLauncher
import SluiceRuntime
import SluiceServer

/// `sluice edge CONFIG`: keeps an edge's local store in sync and serves its reads.
struct EdgeRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the edge sync agent and the edge's read API (docs/edge.md).",
        discussion:
            "The agent reads its consumer edge-<id> through the central JetStream domain, applies changes to its SQLite store, and serves checks."
    )

    @Argument(help: "The edge configuration file (YAML).")
    var config: String

    @Option(help: "Serve the API on this address instead of the file's edge.listen.")
    var listen: String?

    func run() async throws {
        let settings: EdgeConfig
        do {
            settings = try EdgeConfig.load(file: config)
        } catch {
            FileHandle.standardError.write(Data("sluice edge: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let address = listen ?? settings.listen
        let authenticator: HTTPAuthenticator?
        do {
            if let problem = settings.exposureProblem(listen: address) { throw EdgeError("edge.listen: \(problem)") }
            let auth = try HTTPAuthConfiguration(settings: settings.auth, field: "edge.auth")
            authenticator = auth.isEnabled ? try await HTTPAuthenticator(auth) : nil
        } catch {
            FileHandle.standardError.write(Data("sluice edge: \(config): \(error)\n".utf8))
            throw ExitCode.failure
        }
        let registry = SluiceMetrics.bootstrap()
        let logger = Logger(label: "sluice.edge")
        let (host, port) = try ListenAddress.split(address)
        let store = try await EdgeStore.open(path: settings.storePath, synchronous: settings.synchronous)
        let client = try await EdgeAgent.connect(settings.nats, name: "sluice-edge-\(settings.id)", logger: logger)
        let agent = EdgeAgent(config: settings, client: client, store: store, logger: logger)
        let routes = Router()
        EdgeAPI(
            agent: agent,
            reads: EdgeReads(agent: agent),
            authenticator: authenticator,
            hostPolicy: HostPolicy(boundHost: host, extraHosts: settings.allowedHosts, allowedOrigins: settings.allowedOrigins)
        ).register(on: routes)
        let metrics = settings.auth.openMetrics ? routes.group() : routes.group(requiring: .read, authenticator: authenticator)
        metrics.get("metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
        let app = Application(router: routes, configuration: .init(address: .hostname(host, port: port)), logger: logger)
        logger.info(
            "edge sync",
            metadata: [
                "edge": "\(settings.id)", "consumer": "\(settings.consumerName)", "api": "\(host):\(port)",
                "filters": "\(settings.products.filterSubjects(prefix: settings.changesPrefix))",
            ]
        )
        let reload = EdgeReload(file: config, agent: agent, logger: logger)
        let group = ServiceGroup(services: [EdgeAgentService(agent: agent), reload, app], logger: logger)
        do {
            try await ShutdownSignals.run(group, logger: logger)
        } catch {
            await client.close()
            try? await store.close()
            throw error
        }
        await client.close()
        try? await store.close()
    }
}

/// The agent as a service: runs until graceful shutdown.
struct EdgeAgentService: Service {
    let agent: EdgeAgent

    func run() async throws {
        try await cancelWhenGracefulShutdown { try await agent.run() }
    }
}
