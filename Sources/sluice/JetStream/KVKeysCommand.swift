import ArgumentParser
import JetStream

/// `sluice nats kv keys BUCKET [PATTERN]`
struct KVKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "List the keys that have a value.")

    @Argument(help: "Bucket.")
    var bucket: String

    @Argument(help: "Only keys matching this pattern (* and > wildcards).")
    var pattern: String = ">"

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let keys = try await JetStreamCLI.run(connection) { js in try await js.keyValue(bucket).keys(matching: pattern) }
        if keys.isEmpty {
            print("no keys")
        } else {
            for key in keys.sorted() { print(key) }
        }
    }
}

/// `sluice nats kv watch BUCKET [PATTERN]`
struct KVWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print the current entries of the matching keys, then every change, until Ctrl-C."
    )

    @Argument(help: "Bucket.")
    var bucket: String

    @Argument(help: "Keys to watch (* and > wildcards).")
    var pattern: String = ">"

    @Flag(name: .customLong("updates-only"), help: "Only changes made from now on.")
    var updatesOnly = false

    @Flag(name: .customLong("history"), help: "Every kept revision first, not only the latest.")
    var includeHistory = false

    @Option(help: "Exit after this many entries.")
    var count: Int?

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await JetStreamCLI.run(connection) { js in
            let kv = try await js.keyValue(bucket)
            let watcher = try await kv.watch(
                pattern,
                options: KeyValueWatchOptions(includeHistory: includeHistory, updatesOnly: updatesOnly)
            )
            JetStreamCLI.printNow("watching \(bucket) > \(pattern)")
            var seen = 0
            for try await entry in watcher {
                let value = entry.operation == .put ? " = \(entry.string)" : ""
                JetStreamCLI.printNow(
                    "[\(entry.operation.rawValue)] \(entry.key)\(value) (revision \(entry.revision), \(CLIFormat.time(entry.created)))"
                )
                seen += 1
                if let count, seen >= count { break }
            }
            await watcher.stop()
        }
    }
}
