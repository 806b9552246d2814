import ArgumentParser
import EmbeddedNATS
import Foundation
import Logging
import SluiceConnectors
import SluiceJetStreamTransport
import SluiceLauncher
import SluiceRuntime
import SluiceSQLiteTransport

/// `sluice dev`: the embedded default, with nothing to configure.
///
/// Starts `nats-server` (with JetStream) as a child process when one is installed, else uses the embedded SQLite
/// queue; runs `config/quickstart.yaml`, which ingests the sample corpus into the embedded search index; serves
/// search and operations on 127.0.0.1:8080. A second run resumes from the checkpoints instead of re-ingesting.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run the quickstart on the embedded default: sample corpus → search index, no configuration.",
        discussion: """
            Uses nats-server (JetStream) as a child process when it is installed, keeping its files under \
            .sluice/nats/, else the embedded SQLite queue in .sluice/queue.sqlite, and says which. Runs \
            config/quickstart.yaml: the sample corpus in data/corpus (made by scripts/generate-corpus on the first \
            run) is indexed into .sluice/index/, then search and operations are served on 127.0.0.1:8080. \
            A second run resumes where the first stopped; delete .sluice/ to start over. Ctrl-C drains; a second \
            Ctrl-C stops at once.
            """
    )

    /// The configuration `sluice dev` runs unless told otherwise.
    static let quickstart = "config/quickstart.yaml"

    @Option(help: "The configuration to run.")
    var config: String = DevCommand.quickstart

    @Option(help: "auto (nats-server when installed, else SQLite), jetstream or sqlite.")
    var transport: TransportKind = .auto

    @Option(help: "Where to serve search and operations (default: the configuration's, 127.0.0.1:8080; a free port if taken).")
    var listen: String?

    @Option(help: "The embedded nats-server's client port (default: 4222 if free, else a free port; 0 for a free port).")
    var natsPort: Int?

    @Option(help: "Log format: json or text.")
    var logFormat: String = "text"

    @Option(help: "Seconds a graceful drain may take.")
    var drainTimeout: Int = 30

    func run() async throws {
        let started = ContinuousClock.now
        let bannerPrinted = OnceFlag()
        var settings: SluiceConfig
        let server: NATSServerProcess?
        do {
            if config == Self.quickstart { try SampleCorpus.ensure() }
            settings = try SluiceConfig.load(file: config, connectors: .builtIn)
            settings.server.listen = Self.address(listen ?? settings.server.listen)
            server = try await startTransport(&settings)
        } catch {
            FileHandle.standardError.write(Data("sluice dev: \(error)\n".utf8))
            throw ExitCode.failure
        }
        do {
            try await RuntimeLauncher.run(
                settings,
                wiring: AllInOneWiring.self,
                logFormat: logFormat,
                drainTimeout: .seconds(drainTimeout),
                extraServices: { [started, bannerPrinted] runtime in
                    [CatchUpReporter(runtime: runtime, started: started, bannerPrinted: bannerPrinted)]
                },
                onListening: { [server, bannerPrinted] runtime, host, port in
                    Task {
                        await DevBanner.print(runtime: runtime, nats: server, host: host, port: port)
                        bannerPrinted.set()
                    }
                }
            )
        } catch {
            await server?.stop()
            throw error
        }
        await server?.stop()
    }

    /// Starts nats-server when the transport may be JetStream and it is installed, and points `settings` at it;
    /// otherwise chooses the SQLite queue. Says which.
    private func startTransport(_ settings: inout SluiceConfig) async throws -> NATSServerProcess? {
        if transport != .sqlite {
            do {
                let port: Int? =
                    switch natsPort {
                    case nil: Self.preferred(4222)
                    case 0: nil  // a free port
                    case let port?: port
                    }
                var configuration = NATSServerConfiguration(directory: "\(Self.absolute(settings.dataDirectory))/nats", port: port)
                configuration.serverName = "sluice-dev"
                let server = try NATSServerProcess(configuration: configuration)
                try await server.start()
                settings.transport = .jetstream
                settings.nats.urls = [server.url]
                return server
            } catch let error as NATSServerError where error.code == .binaryNotFound && transport == .auto {
                print("sluice dev: nats-server is not installed (scripts/setup installs it); using the embedded SQLite queue.")
            } catch let error as NATSServerError where error.code == .directoryInUse {
                throw DevError("\(error.message) Is another sluice dev running in this directory?")
            }
        }
        settings.transport = .sqlite
        return nil
    }

    /// `address` if its port is free (or 0), else the same host with a free port.
    private static func address(_ address: String) -> String {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]), port != 0,
            !LoopbackProbe.isFree(port: port)
        else { return address }
        print("sluice dev: port \(port) is taken; serving on a free port instead.")
        return "\(address[..<colon]):0"
    }

    /// `port` if it is free now, else `nil` (a free port is then chosen).
    private static func preferred(_ port: Int) -> Int? {
        LoopbackProbe.isFree(port: port) ? port : nil
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

extension TransportKind: ExpressibleByArgument {
    /// `auto` or the name of a built-in transport.
    public init?(argument: String) {
        guard Self.allValueStrings.contains(argument) else { return nil }
        self.init(rawValue: argument)
    }

    public static var allValueStrings: [String] { ConnectorRegistry.builtIn.transports.map(\.kind.rawValue) + [TransportKind.auto.rawValue] }
}
