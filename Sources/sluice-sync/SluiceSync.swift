import ArgumentParser
import SluiceLauncher
import SluiceSyncRoles

/// `sluice-sync`: the three roles of the Elasticsearch sync gateway (`watch`, `gateway`, `write`) as one small
/// executable, built with only the connectors they use (``SyncWiring``).
@main
struct SluiceSync: SluiceRootCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice-sync",
        abstract: "The Elasticsearch sync gateway's roles: watch, gateway and write, over NATS JetStream.",
        version: SluiceVersion.current,
        subcommands: [WatchCommand<SyncWiring>.self, GatewayCommand<SyncWiring>.self, WriteCommand<SyncWiring>.self]
    )
}
