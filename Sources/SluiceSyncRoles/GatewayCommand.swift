import ArgumentParser
import EmbeddedNATS
import SluiceCore
import SluiceJetStreamTransport
import SluiceLauncher
import SluiceRuntime

#if canImport(Glibc)
import Glibc
#endif

/// `sluice gateway CONFIG`: JetStream → filter/transform → JetStream, against an external NATS or an embedded one.
public struct GatewayCommand<Wiring: RoleWiring>: AsyncParsableCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "gateway",
            abstract: "Filter and transform envelopes between JetStream subjects, with an external or embedded nats-server.",
            discussion: """
                Runs the configuration's pipelines that read a stream (source type jetstream) and publish. \
                --upstream-url uses an external NATS server; --embedded starts and supervises a nats-server child \
                process (--store-dir, --js-max-memory, --nats-listen). GET /pipelines lists the pipelines with their \
                filters and counters; POST /pipelines/NAME/pause and /resume pause and resume them.
                """
        )
    }

    @OptionGroup var options: RoleOptions

    @Option(help: "An external NATS server (nats://host:port), instead of the configuration's nats.url.")
    var upstreamURL: String?

    @Flag(help: "Start and supervise a nats-server child process (it must be installed: scripts/setup).")
    var embedded = false

    @Option(help: "With --embedded: the JetStream store directory.")
    var storeDir: String = ".sluice/gateway-nats/store"

    @Option(help: "With --embedded: JetStream's memory limit, such as 64MB.")
    var jsMaxMemory: String?

    @Option(help: "With --embedded: the client address, host:port.")
    var natsListen: String = "127.0.0.1:4222"

    public init() {}

    public func validate() throws {
        if embedded, upstreamURL != nil { throw ValidationError("give either --upstream-url or --embedded, not both") }
        if !embedded, jsMaxMemory != nil { throw ValidationError("--js-max-memory needs --embedded") }
        if let jsMaxMemory {
            do { _ = try ByteSize(parsing: jsMaxMemory) } catch { throw ValidationError("--js-max-memory: \(error)") }
        }
        if embedded, Self.split(natsListen) == nil { throw ValidationError("--nats-listen: expected host:port, got \(natsListen)") }
    }

    public func run() async throws {
        var settings = try options.load(for: .gateway, connectors: Wiring.connectors)
        settings.transport = .jetstream
        if let upstreamURL { settings.nats.urls = [upstreamURL] }
        var server: NATSServerProcess?
        if embedded {
            do {
                server = try await startEmbedded()
            } catch {
                StandardError.write("sluice gateway: cannot start the embedded nats-server: \(error)\n")
                throw ExitCode.failure
            }
            settings.nats.urls = [server!.url]
        }
        do {
            try await options.run(settings, wiring: Wiring.self)
        } catch {
            await server?.stop()
            throw error
        }
        await server?.stop()
    }

    private func startEmbedded() async throws -> NATSServerProcess {
        let store = storeDir.hasPrefix("/") ? storeDir : Self.currentDirectory() + "/" + storeDir
        let (host, port) = Self.split(natsListen)!
        var configuration = NATSServerConfiguration(
            directory: Self.parent(of: store),
            storeDirectory: store,
            port: port == 0 ? nil : port
        )
        configuration.host = host
        configuration.serverName = "sluice-gateway"
        configuration.jetStreamMaxMemory = try jsMaxMemory.map { try ByteSize(parsing: $0).bytes }
        let server = try NATSServerProcess(configuration: configuration)
        try await server.start()
        print("sluice gateway: embedded nats-server listening on \(server.url), store \(store)")
        return server
    }

    private static func currentDirectory() -> String {
        guard let path = getcwd(nil, 0) else { return "." }
        defer { free(path) }
        return String(cString: path)
    }

    /// The directory holding `path`: everything before its last `/` (`/` for a file at the root).
    private static func parent(of path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    private static func split(_ address: String) -> (String, Int)? {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]), (0...65535).contains(port) else {
            return nil
        }
        return (String(address[..<colon]), port)
    }
}
