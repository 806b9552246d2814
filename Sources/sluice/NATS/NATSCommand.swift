import ArgumentParser

/// `sluice nats …`: talk to a NATS server directly, for debugging and benchmarking.
struct NATSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nats",
        abstract: "Publish, subscribe, request and benchmark against a NATS server.",
        subcommands: [
            PubCommand.self, SubCommand.self, RequestCommand.self, ReplyCommand.self, BenchCommand.self, StreamCommand.self,
            JSCommand.self, ConsumerCommand.self, KVCommand.self,
        ]
    )
}
