import ArgumentParser

/// `sluice bench`: end-to-end benchmarks that start what they need (`sluice nats bench` measures the transport
/// alone).
struct SluiceBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Sluice end to end; each benchmark starts the servers it needs.",
        subcommands: [
            PipelineBenchCommand.self, IndexBenchCommand.self, SearchBenchCommand.self, ESSyncBenchCommand.self, OutboxBenchCommand.self,
            RouterBenchCommand.self,
            EdgeBenchCommand.self,
        ]
    )
}
