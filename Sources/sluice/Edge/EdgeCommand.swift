import ArgumentParser

/// `sluice edge …`: the edge sync agent and the change publisher.
struct EdgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edge",
        abstract: "Run an edge sync agent (sluice edge CONFIG), or publish tuple changes (sluice edge publish).",
        subcommands: [EdgeRunCommand.self, EdgePublishCommand.self],
        defaultSubcommand: EdgeRunCommand.self
    )
}
