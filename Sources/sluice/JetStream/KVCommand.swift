import ArgumentParser

/// `sluice nats kv add|put|get|del|keys|watch BUCKET [KEY] [VALUE]`: key-value buckets.
struct KVCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kv",
        abstract: "Create key-value buckets, and put, get, delete, list and watch their keys.",
        subcommands: [
            KVAddCommand.self, KVPutCommand.self, KVGetCommand.self, KVDeleteCommand.self, KVKeysCommand.self,
            KVWatchCommand.self,
        ]
    )
}
