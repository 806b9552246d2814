import ArgumentParser
import JetStream

/// `sluice nats consumer next STREAM NAME [--count N] [--no-ack]`
struct ConsumerNextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Pull messages from a consumer, print them (subject, headers, data) and acknowledge each."
    )

    @Argument(help: "Stream.")
    var stream: String

    @Argument(help: "Pull consumer name.")
    var name: String

    @Option(help: "How many messages to pull.")
    var count: Int = 1

    @Flag(name: .customLong("no-ack"), help: "Do not acknowledge: the server redelivers the messages after the ack wait.")
    var noAck = false

    @Option(help: "How long to wait for messages, e.g. 5s.")
    var wait: DurationFlag = DurationFlag(.seconds(5))

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if count < 1 { throw ValidationError("--count must be at least 1") }
        if wait.duration < .milliseconds(10) { throw ValidationError("--wait must be at least 10ms") }
    }

    func run() async throws {
        let received = try await JetStreamCLI.run(connection) { js in
            let consumer = try await js.pullConsumer(stream: stream, name: name)
            var received = 0
            let messages = try await consumer.fetch(batch: count, expires: wait.duration)
            for try await message in messages {
                received += 1
                JetStreamMessagePrinter.print(message, index: received)
                // The double ack confirms the server recorded it before the command exits.
                if !noAck { try await message.ackSync() }
            }
            // Releasing the sequence ends the fetch, so it is held until here (its iterator does not hold it).
            messages.stop()
            return received
        }
        if received < count {
            print(received == 0 ? "no messages within \(DurationFlag.format(wait.duration))" : "no more messages (\(received) of \(count))")
        }
    }
}

/// Prints a JetStream message for people: subject, where it sits in the stream, headers, data.
enum JetStreamMessagePrinter {
    static func print(_ message: JetStreamMessage, index: Int) {
        var first = "[#\(index)] \(message.subject)"
        if let metadata = try? message.metadata() {
            first += " (stream \(metadata.stream) seq \(metadata.streamSequence), delivered \(metadata.numDelivered)x, "
            first += "\(metadata.numPending) pending, \(CLIFormat.time(metadata.timestamp)))"
        }
        var lines = [first]
        if let headers = message.headers {
            for (name, value) in headers { lines.append("  \(name): \(value)") }
        }
        lines.append(message.string)
        Swift.print(lines.joined(separator: "\n"))
    }
}
