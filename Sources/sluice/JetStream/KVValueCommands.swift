import ArgumentParser
import JetStream

/// `sluice nats kv put BUCKET KEY VALUE`
struct KVPutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "put", abstract: "Set a key's value and print its new revision.")

    @Argument(help: "Bucket.")
    var bucket: String

    @Argument(help: "Key: letters, digits and -/_=., not starting or ending with a dot.")
    var key: String

    @Argument(help: "Value.")
    var value: String

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let revision = try await JetStreamCLI.run(connection) { js in try await js.keyValue(bucket).put(key, value) }
        print("\(key) = \(value) (revision \(revision))")
    }
}

/// `sluice nats kv get BUCKET KEY [--revision N]`
struct KVGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print a key's value with its revision; exit 1 when it has none."
    )

    @Argument(help: "Bucket.")
    var bucket: String

    @Argument(help: "Key.")
    var key: String

    @Option(help: "Read this revision instead of the latest.")
    var revision: UInt64?

    @Flag(name: .customLong("raw"), help: "Print only the value.")
    var raw = false

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let entry = try await JetStreamCLI.run(connection) { js -> KeyValueEntry in
            let kv = try await js.keyValue(bucket)
            let found: KeyValueEntry?
            if let revision {
                found = try await kv.get(key, revision: revision)
            } else {
                found = try await kv.get(key)
            }
            guard let entry = found else {
                throw JetStreamError(.keyNotFound, "\(bucket) has no value for \(key)" + (revision.map { " at revision \($0)" } ?? ""))
            }
            return entry
        }
        if raw {
            print(entry.string)
        } else {
            print("\(bucket) > \(entry.key) (revision \(entry.revision), \(CLIFormat.time(entry.created)))")
            print(entry.string)
        }
    }
}

/// `sluice nats kv del BUCKET KEY [--purge]`
struct KVDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "del",
        abstract: "Delete a key, keeping its history (or, with --purge, removing it)."
    )

    @Argument(help: "Bucket.")
    var bucket: String

    @Argument(help: "Key.")
    var key: String

    @Flag(help: "Remove the key's history too.")
    var purge = false

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await JetStreamCLI.run(connection) { js in
            let kv = try await js.keyValue(bucket)
            if purge { try await kv.purge(key) } else { try await kv.delete(key) }
        }
        print("\(purge ? "purged" : "deleted") \(key) in \(bucket)")
    }
}
