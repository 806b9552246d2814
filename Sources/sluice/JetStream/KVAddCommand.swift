import ArgumentParser
import JetStream

/// `sluice nats kv add BUCKET [--history N] [--ttl D] …`
struct KVAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create a key-value bucket (succeeds when it exists with the same configuration)."
    )

    @Argument(help: "Bucket name: letters, digits, - and _.")
    var bucket: String

    @Option(help: "Revisions kept per key, 1 to 64.")
    var history: Int = 1

    @Option(help: "How long values live, e.g. 24h (default: for ever).")
    var ttl: DurationFlag?

    @Option(help: "Where values are kept.")
    var storage: StorageFlag = .file

    @Option(help: "How many servers keep a copy (1 to 5).")
    var replicas: Int = 1

    @Option(name: .customLong("max-value-size"), help: "The largest value accepted, e.g. 1MB (default: the server's max_payload).")
    var maxValueSize: ByteSizeFlag?

    @Option(name: .customLong("max-bytes"), help: "The most bytes the bucket holds, e.g. 1GB (default: unlimited).")
    var maxBytes: ByteSizeFlag?

    @Option(help: "A description for people.")
    var description: String?

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if !(1...64).contains(history) { throw ValidationError("--history must be 1 to 64") }
        if !(1...5).contains(replicas) { throw ValidationError("--replicas must be 1 to 5") }
    }

    func run() async throws {
        var config = KeyValueConfig(
            bucket: bucket,
            history: history,
            ttl: ttl?.duration ?? .zero,
            storage: storage.storage,
            replicas: replicas
        )
        config.description = description
        config.maxValueSize = maxValueSize.map { Int($0.bytes) } ?? -1
        config.maxBytes = maxBytes?.bytes ?? -1
        let status = try await JetStreamCLI.run(connection) { js in try await js.createKeyValue(config).status() }
        print(
            "created bucket \(status.bucket): history \(status.history), ttl \(CLIFormat.age(status.ttl)), "
                + "storage \(status.storage), replicas \(status.replicas), \(status.values) values"
        )
    }
}
