import ArgumentParser
import SluiceLauncher
import SluiceOutboxRole
import SluiceRouterRole
import SluiceSyncRoles

/// The `sluice` command: every role of Sluice is a subcommand of this one binary.
@main
struct Sluice: SluiceRootCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Moves change events between systems, reliably, over NATS JetStream.",
        version: SluiceVersion.current,
        subcommands: [
            DevCommand.self, RunCommand<AllInOneWiring>.self, WatchCommand<AllInOneWiring>.self, GatewayCommand<AllInOneWiring>.self,
            WriteCommand<AllInOneWiring>.self, ConfigCommand.self,
            DLQCommand.self, TokenCommand.self, SluiceBenchCommand.self, NATSCommand.self, MigrateCommand.self, OutboxCommand.self,
            RouterCommand.self, TopologyCommand.self, EdgeCommand.self,
        ]
    )
}
