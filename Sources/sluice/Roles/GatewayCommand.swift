import ArgumentParser
import EmbeddedNATS
import Foundation
import SluiceCore
import SluiceJetStreamTransport
import SluiceRuntime

/// `sluice gateway CONFIG`: JetStream → filter/transform → JetStream, against an external NATS or an embedded one.
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Filter and transform envelopes between JetStream subjects, with an external or embedded nats-server.",
        discussion: """
            Runs the configuration's pipelines that read a stream (source type jetstream) and publish. \
            --upstream-url uses an external NATS server; --embedded starts and supervises a nats-server child \
            process (--store-dir, --js-max-memory, --nats-listen). GET /pipelines lists the pipelines with their \
            filters and counters; POST /pipelines/NAME/pause and /resume pause and resume them.
            """
    )

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

    func validate() throws {
        if embedded, upstreamURL != nil { throw ValidationError("give either --upstream-url or --embedded, not both") }
        if !embedded, jsMaxMemory != nil { throw ValidationError("--js-max-memory needs --embedded") }
        if let jsMaxMemory {
            do { _ = try ByteSize(parsing: jsMaxMemory) } catch { throw ValidationError("--js-max-memory: \(error)") }
        }
        if embedded, Self.split(natsListen) == nil { throw ValidationError("--nats-listen: expected host:port, got \(natsListen)") }
    }

    func run() async throws {
        var settings = try options.load(for: .gateway)
        settings.transport = .jetstream
        if let upstreamURL { settings.nats.urls = [upstreamURL] }
        var server: NATSServerProcess?
        if embedded {
            do {
                server = try await startEmbedded()
            } catch {
                FileHandle.standardError.write(Data("sluice gateway: cannot start the embedded nats-server: \(error)\n".utf8))
                throw ExitCode.failure
            }
            settings.nats.urls = [server!.url]
        }
        do {
            try await options.run(settings)
        } catch {
            await server?.stop()
            throw error
        }
        await server?.stop()
    }

    private func startEmbedded() async throws -> NATSServerProcess {
        let store = storeDir.hasPrefix("/") ? storeDir : FileManager.default.currentDirectoryPath + "/" + storeDir
        let (host, port) = Self.split(natsListen)!
        var configuration = NATSServerConfiguration(
            directory: (store as NSString).deletingLastPathComponent,
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

    private static func split(_ address: String) -> (String, Int)? {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]), (0...65535).contains(port) else {
            return nil
        }
        return (String(address[..<colon]), port)
    }
}
