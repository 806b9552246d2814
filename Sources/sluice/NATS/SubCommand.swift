import ArgumentParser
import Foundation
import NATS

/// `sluice nats sub SUBJECT`
struct SubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sub", abstract: "Subscribe and print messages with their headers.")

    @Argument(help: "Subject to subscribe to; wildcards * and > allowed.")
    var subject: String

    @Option(help: "Queue group to join.")
    var queue: String?

    @Option(help: "Exit after this many messages.")
    var count: Int?

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let client = try await connection.connect()
        let subscription = try await client.subscribe(subject, queue: queue)
        if let count { try await subscription.unsubscribe(after: count) }
        // Once the server answered a PING after the SUB, it delivers whatever is published from now on.
        try await client.flush()
        print("listening on \(subject)" + (queue.map { " (queue \($0))" } ?? ""))
        fflush(nil)  // shown at once even when standard output is a pipe
        var received = 0
        for try await message in subscription {
            received += 1
            MessagePrinter.print(message, index: received)
        }
        await client.close()
    }
}
