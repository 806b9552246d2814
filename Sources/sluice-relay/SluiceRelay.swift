import ArgumentParser
import SluiceLauncher
import SluiceOutboxRole

/// `sluice-relay`: the outbox relay (`outbox`) and the migration of its tables (`migrate`), the same commands as
/// `sluice outbox` and `sluice migrate`, without the pipelines and the other roles.
@main
struct SluiceRelay: SluiceRootCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice-relay",
        abstract: "Relay a PostgreSQL or SQLite outbox table to JetStream.",
        version: SluiceVersion.current,
        subcommands: [OutboxCommand.self, MigrateCommand.self]
    )
}
