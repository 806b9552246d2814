import ArgumentParser

/// `sluice dev`: the embedded default, with nothing to configure.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run Sluice on the embedded default: a local nats-server child process, no configuration."
    )

    func run() async throws {}
}
