import ArgumentParser
import NATS

/// `sluice nats pub SUBJECT [DATA]`
struct PubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pub",
        abstract: "Publish a message; {{i}} in the data is replaced by the message number."
    )

    @Argument(help: "Subject to publish to.")
    var subject: String

    @Argument(help: "Message data (empty when left out).")
    var data: String = ""

    @Option(name: .customLong("header"), help: "A header as Name:Value; repeat for more.")
    var headers: [String] = []

    @Option(help: "Number of messages to publish.")
    var count: Int = 1

    @Option(help: "Subject for replies.")
    var reply: String?

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let client = try await connection.connect()
        let headers = try HeaderFlags.parse(self.headers)
        let templated = data.contains("{{i}}")
        for index in 1...max(count, 1) {
            let body = templated ? data.replacingOccurrences(of: "{{i}}", with: String(index)) : data
            try await client.publish(subject, body, headers: headers, replyTo: reply)
        }
        try await client.flush()
        await client.close()
        print("published \(max(count, 1)) message\(count == 1 ? "" : "s") to \(subject)")
    }
}
