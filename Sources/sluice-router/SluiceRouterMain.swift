import ArgumentParser
import SluiceLauncher
import SluiceRouterRole

/// `sluice-router CONFIG`: the message router alone, the same command as `sluice router`, without the pipelines and
/// the other roles. `sluice-router router CONFIG` says the same.
@main
struct SluiceRouterMain: SluiceRootCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice-router",
        abstract: "Deliver queued messages to their HTTP targets through rate-limited pools.",
        version: SluiceVersion.current,
        subcommands: [RouterCommand.self],
        defaultSubcommand: RouterCommand.self
    )
}
