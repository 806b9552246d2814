import ArgumentParser
import Foundation
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

    @Option(help: "Password (with --user). Other users of the machine can read it in `ps`: prefer --password-file or NATS_PASSWORD.")
    var password: String?

    @Option(name: .customLong("password-file"), help: "File holding the password (with --user); a trailing newline is ignored.")
    var passwordFile: String?

    @Option(help: "Authentication token. Other users of the machine can read it in `ps`: prefer --token-file or NATS_TOKEN.")
    var token: String?

    @Option(name: .customLong("token-file"), help: "File holding the authentication token; a trailing newline is ignored.")
    var tokenFile: String?

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
        let methods = [creds != nil, nkey != nil, user != nil, token != nil || tokenFile != nil].filter { $0 }.count
        if methods > 1 { throw ValidationError("use one of --creds, --nkey, --user/--password and --token") }
        if (password != nil || passwordFile != nil) && user == nil { throw ValidationError("--password and --password-file need --user") }
        if password != nil && passwordFile != nil { throw ValidationError("give --password or --password-file, not both") }
        if token != nil && tokenFile != nil { throw ValidationError("give --token or --token-file, not both") }
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
    }

    /// The client options these flags describe. A password or token comes from its flag, else its file, else the
    /// environment (`NATS_PASSWORD` with `--user`; `NATS_TOKEN` when no other way to authenticate is given).
    func clientOptions(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> NATSClientOptions {
        var logger = Logger(label: "sluice.nats")
        logger.logLevel = .warning
        var options = NATSClientOptions(servers: server.flatMap { $0.split(separator: ",").map(String.init) }, logger: logger)
        options.name = name
        if let creds {
            options.auth = .credentials(path: creds)
        } else if let nkey {
            options.auth = .nkeyFile(path: nkey)
        } else if let user {
            let secret = try password ?? passwordFile.map(Self.secret(inFile:)) ?? environment["NATS_PASSWORD"]
            options.auth = .userPassword(user: user, password: secret ?? "")
        } else if let token = try token ?? tokenFile.map(Self.secret(inFile:)) ?? environment["NATS_TOKEN"].flatMap({ $0.isEmpty ? nil : $0 }) {
            options.auth = .token(token)
        }
        if tlsCA != nil || tlsCert != nil || tlsFirst {
            options.tls = NATSTLSOptions(caFile: tlsCA, certificateFile: tlsCert, keyFile: tlsKey, handshakeFirst: tlsFirst)
        }
        return options
    }

    /// Connects with these flags.
    func connect() async throws -> NATSClient {
        try await NATSClient.connect(try clientOptions())
    }

    /// The contents of `path` without its trailing newline.
    private static func secret(inFile path: String) throws -> String {
        do {
            var text = try String(contentsOfFile: path, encoding: .utf8)
            while text.last?.isNewline == true { text.removeLast() }
            return text
        } catch {
            throw ValidationError("cannot read \(path): \(error.localizedDescription)")
        }
    }
}
