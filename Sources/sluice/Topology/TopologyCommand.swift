import ArgumentParser
import Foundation
import SluiceRuntime
import SluiceTopology

/// `sluice topology …`: a NATS deployment in tiers (central, regions, edges) from one YAML file.
struct TopologyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topology",
        abstract: "Render, check and run a NATS topology of clusters, gateways and leaf nodes (docs/edge.md).",
        subcommands: [TopologyCheckCommand.self, TopologyRenderCommand.self, TopologyUpCommand.self, TopologyCertsCommand.self]
    )

    /// Loads a topology file, printing every problem and exiting 1 when it has any.
    static func load(_ file: String) throws -> Topology {
        do {
            return try Topology.load(file: file)
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
    }
}

/// `sluice topology check FILE`: names file:line:field of every problem.
struct TopologyCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Check a topology file and list every problem.")

    @Argument(help: "The topology file (YAML).")
    var file: String

    func run() async throws {
        let topology = try TopologyCommand.load(file)
        let servers = topology.clusters.reduce(0) { $0 + $1.servers.count } + topology.edges.count
        print("OK: \(file): \(servers) servers in \(topology.clusters.count) clusters and \(topology.edges.count) edges")
    }
}

/// `sluice topology render FILE --out DIR`: one nats-server configuration per server.
struct TopologyRenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Write one nats-server configuration per server (<server>.conf).",
        discussion: "Ports the file leaves out are the conventional ones (4222, 8222, 6222, 7222, 7422). Passwords stay $VARIABLES."
    )

    @Argument(help: "The topology file (YAML).")
    var file: String

    @Option(name: .long, help: "The folder to write the configurations to (created if missing).")
    var out: String

    func run() async throws {
        let topology = try TopologyCommand.load(file)
        let rendered = TopologyRenderer(topology: topology, addresses: .conventional(topology)).render()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for server in rendered {
            let path = "\(out)/\(server.name).conf"
            try Data(server.text.utf8).write(to: URL(fileURLWithPath: path))
            print("\(path)  (\(server.role.rawValue); needs \(server.environment.joined(separator: ", ")))")
        }
    }
}

/// `sluice topology certs --out DIR`: a development CA and certificate for `tls:`.
struct TopologyCertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certs",
        abstract: "Generate a development CA and a server/client certificate (openssl) for a topology's tls: section."
    )

    @Option(name: .long, help: "The folder to write ca.pem, server.pem and server-key.pem to.")
    var out: String

    @Option(name: .long, help: "More host names or addresses the certificate is valid for (127.0.0.1 and localhost always are).")
    var host: [String] = []

    func run() async throws {
        let files = try DevelopmentCertificates.generate(in: out, hosts: host)
        print("tls:\n  ca_file: \(files.caFile)\n  cert_file: \(files.certFile)\n  key_file: \(files.keyFile)\n  verify: true")
    }
}
