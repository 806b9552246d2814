import ArgumentParser

/// `sluice dlq …`: look at, replay and purge the dead letters of a running Sluice, through its HTTP API.
struct DLQCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "List, show, replay and purge dead letters of a running Sluice.",
        discussion: "Talks to the operations API of `sluice run` or `sluice dev` (see --api).",
        subcommands: [DLQListCommand.self, DLQShowCommand.self, DLQReplayCommand.self, DLQPurgeCommand.self]
    )
}
