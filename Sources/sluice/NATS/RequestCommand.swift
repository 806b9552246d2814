import ArgumentParser
import NATS

/// `sluice nats request SUBJECT DATA`
struct RequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "request", abstract: "Send a request and print the reply.")

    @Argument(help: "Subject to send the request to.")
    var subject: String

    @Argument(help: "Request data.")
    var data: String = ""

    @Option(name: .customLong("header"), help: "A header as Name:Value; repeat for more.")
    var headers: [String] = []

    @Option(help: "Seconds to wait for the reply.")
    var timeout: Double = 5

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let client = try await connection.connect()
        defer { Task { await client.close() } }
        let reply = try await client.request(
            subject,
            data,
            headers: try HeaderFlags.parse(headers),
            timeout: .milliseconds(Int(timeout * 1000))
        )
        MessagePrinter.print(reply, index: 1)
        await client.close()
    }
}
