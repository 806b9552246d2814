import ArgumentParser
import Logging
import NATS

/// The flags every `sluice nats` command takes to reach and authenticate with a server.
struct ConnectionOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Server URL; repeat or separate with commas for a cluster.")
    var server: [String] = ["nats://127.0.0.1:4222"]

    @Option(help: "Credentials file (user JWT and NKey seed).")
    var creds: String?

    @Option(help: "File with a user NKey seed.")
    var nkey: String?

    @Option(help: "User name.")
    var user: String?

    @Option(help: "Password (with --user).")
    var password: String?

    @Option(help: "Authentication token.")
    var token: String?

    @Option(name: .customLong("tls-ca"), help: "PEM file of the CA that signs the server's certificate.")
    var tlsCA: String?

    @Option(name: .customLong("tls-cert"), help: "PEM file of the client certificate (mutual TLS).")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "PEM file of the client certificate's key (mutual TLS).")
    var tlsKey: String?

    @Flag(name: .customLong("tls-first"), help: "Start TLS before the server's INFO (server option handshake_first).")
    var tlsFirst = false

    @Option(help: "Client name shown by the server.")
    var name: String = "sluice-cli"

    func validate() throws {
        let methods = [creds != nil, nkey != nil, user != nil, token != nil].filter { $0 }.count
        if methods > 1 { throw ValidationError("use one of --creds, --nkey, --user/--password and --token") }
        if password != nil && user == nil { throw ValidationError("--password needs --user") }
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
    }

    /// The client options these flags describe.
    func clientOptions() -> NATSClientOptions {
        var logger = Logger(label: "sluice.nats")
        logger.logLevel = .warning
        var options = NATSClientOptions(servers: server.flatMap { $0.split(separator: ",").map(String.init) }, logger: logger)
        options.name = name
        if let creds {
            options.auth = .credentials(path: creds)
        } else if let nkey {
            options.auth = .nkeyFile(path: nkey)
        } else if let user {
            options.auth = .userPassword(user: user, password: password ?? "")
        } else if let token {
            options.auth = .token(token)
        }
        if tlsCA != nil || tlsCert != nil || tlsFirst {
            options.tls = NATSTLSOptions(caFile: tlsCA, certificateFile: tlsCert, keyFile: tlsKey, handshakeFirst: tlsFirst)
        }
        return options
    }

    /// Connects with these flags.
    func connect() async throws -> NATSClient {
        try await NATSClient.connect(clientOptions())
    }
}
