import ArgumentParser

/// The `sluice` command: every role of Sluice is a subcommand of this one binary.
@main
struct Sluice: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Moves change events between systems, reliably, over NATS JetStream.",
        version: SluiceVersion.current,
        subcommands: [
            DevCommand.self, RunCommand.self, WatchCommand.self, GatewayCommand.self, WriteCommand.self, ConfigCommand.self,
            DLQCommand.self, TokenCommand.self, SluiceBenchCommand.self, NATSCommand.self, MigrateCommand.self, OutboxCommand.self,
            RouterCommand.self, TopologyCommand.self, EdgeCommand.self,
        ]
    )
}

/// The version this binary reports.
enum SluiceVersion {
    static let current = "0.1.0"
}
