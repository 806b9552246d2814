import ArgumentParser
import Foundation
import NATS

/// `sluice nats reply SUBJECT DATA`
struct ReplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reply",
        abstract: "Answer requests on a subject with fixed data; {{i}} is replaced by the request number."
    )

    @Argument(help: "Subject to serve.")
    var subject: String

    @Argument(help: "Reply data.")
    var data: String = ""

    @Option(help: "Queue group to join, so several responders share the requests.")
    var queue: String?

    @Option(help: "Exit after this many requests.")
    var count: Int?

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let client = try await connection.connect()
        let subscription = try await client.subscribe(subject, queue: queue)
        if let count { try await subscription.unsubscribe(after: count) }
        // Once the server answered a PING after the SUB, it routes every request from now on here.
        try await client.flush()
        print("replying on \(subject)")
        fflush(nil)  // shown at once even when standard output is a pipe
        var served = 0
        for try await message in subscription {
            served += 1
            MessagePrinter.print(message, index: served)
            guard let replyTo = message.replyTo else { continue }
            try await client.publish(replyTo, data.replacingOccurrences(of: "{{i}}", with: String(served)))
        }
        try await client.flush()
        await client.close()
    }
}
