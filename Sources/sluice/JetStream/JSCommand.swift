import ArgumentParser

/// `sluice nats js …`: JetStream operations on messages.
struct JSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "js",
        abstract: "Publish to JetStream streams and wait for their acknowledgements.",
        subcommands: [JSPubCommand.self]
    )
}
