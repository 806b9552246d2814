import ArgumentParser

/// `sluice nats consumer add|info|ls|rm|next`: manage and read pull consumers.
struct ConsumerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consumer",
        abstract: "Create, inspect, list and delete pull consumers, and read messages from them.",
        subcommands: [
            ConsumerAddCommand.self, ConsumerInfoCommand.self, ConsumerListCommand.self, ConsumerRemoveCommand.self,
            ConsumerNextCommand.self,
        ]
    )
}
