import ArgumentParser

/// `sluice nats stream add|info|ls|rm|purge`: manage JetStream streams.
struct StreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Create, inspect, list, delete and purge JetStream streams.",
        subcommands: [
            StreamAddCommand.self, StreamInfoCommand.self, StreamListCommand.self, StreamRemoveCommand.self,
            StreamPurgeCommand.self,
        ]
    )
}
