import ArgumentParser
import JetStream

/// `sluice nats stream rm NAME`
struct StreamRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Delete a stream with all its messages and consumers."
    )

    @Argument(help: "Stream name.")
    var name: String

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await JetStreamCLI.run(connection) { js in try await js.deleteStream(name) }
        print("deleted stream \(name)")
    }
}

/// `sluice nats stream purge NAME [--subject S] [--seq N] [--keep N]`
struct StreamPurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Remove messages from a stream: all, those on a subject, or those below a sequence."
    )

    @Argument(help: "Stream name.")
    var name: String

    @Option(help: "Only messages on this subject (wildcards allowed).")
    var subject: String?

    @Option(help: "Only messages with a sequence below this one.")
    var seq: UInt64?

    @Option(help: "Keep the newest N messages.")
    var keep: UInt64?

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if seq != nil && keep != nil { throw ValidationError("use --seq or --keep, not both") }
    }

    func run() async throws {
        let purged = try await JetStreamCLI.run(connection) { js in
            try await js.purgeStream(name, subject: subject, upToSequence: seq, keep: keep)
        }
        print("purged \(purged) message\(purged == 1 ? "" : "s") from \(name)")
    }
}
