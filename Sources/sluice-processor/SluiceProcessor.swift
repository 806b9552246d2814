import ArgumentParser
import SluiceLauncher

/// `sluice-processor`: runs the pipelines of a configuration (`sluice-processor run CONFIG`, the same as
/// `sluice run`) without the commands and clients the other roles need (``ProcessorWiring``).
@main
struct SluiceProcessor: SluiceRootCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice-processor",
        abstract: "Run stream-processing pipelines: sources → transport → filters and transforms → sinks.",
        version: SluiceVersion.current,
        subcommands: [RunCommand<ProcessorWiring>.self]
    )
}
