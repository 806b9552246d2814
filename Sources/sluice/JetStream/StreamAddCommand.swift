import ArgumentParser
import Foundation
import JetStream

/// `sluice nats stream add NAME --subjects S[,S] …`
struct StreamAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create a stream (succeeds when it exists with the same configuration)."
    )

    @Argument(help: "Stream name: letters, digits, - and _.")
    var name: String

    @Option(help: "Subjects the stream stores, comma-separated or repeated; wildcards allowed.")
    var subjects: [String] = []

    @Option(help: "Where messages are kept.")
    var storage: StorageFlag = .file

    @Option(help: "When messages are removed: limits, workqueue (once acknowledged) or interest (once all consumers acknowledged).")
    var retention: RetentionFlag = .limits

    @Option(help: "How many servers keep a copy (1 to 5).")
    var replicas: Int = 1

    @Option(name: .customLong("dupe-window"), help: "How long message ids are remembered to drop duplicates, e.g. 2m (server default: 2m).")
    var dupeWindow: DurationFlag?

    @Option(name: .customLong("max-age"), help: "Remove messages older than this, e.g. 24h (default: never).")
    var maxAge: DurationFlag?

    @Option(name: .customLong("max-msgs"), help: "The most messages kept (default: -1, unlimited).")
    var maxMessages: Int64 = -1

    @Option(name: .customLong("max-bytes"), help: "The most bytes kept, e.g. 10GB (default: -1, unlimited).")
    var maxBytes: ByteSizeFlag?

    @Option(name: .customLong("max-msgs-per-subject"), help: "The most messages kept per subject (default: -1, unlimited).")
    var maxMessagesPerSubject: Int64 = -1

    @Option(name: .customLong("max-msg-size"), help: "The largest message accepted, e.g. 1MB (default: the server's max_payload).")
    var maxMessageSize: ByteSizeFlag?

    @Option(help: "What happens at a limit: old (drop the oldest) or new (refuse new messages).")
    var discard: DiscardFlag = .old

    @Option(help: "A description for people.")
    var description: String?

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if splitSubjects.isEmpty { throw ValidationError("give the stream's subjects with --subjects") }
        if !(1...5).contains(replicas) { throw ValidationError("--replicas must be 1 to 5") }
    }

    private var splitSubjects: [String] {
        subjects.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }

    /// The configuration these flags describe.
    var config: StreamConfig {
        var config = StreamConfig(name: name, subjects: splitSubjects)
        config.description = description
        config.storage = storage.storage
        config.retention = retention.retention
        config.replicas = replicas
        config.duplicateWindow = dupeWindow?.duration
        config.maxAge = maxAge?.duration ?? .zero
        config.maxMessages = maxMessages
        config.maxBytes = maxBytes?.bytes ?? -1
        config.maxMessagesPerSubject = maxMessagesPerSubject
        config.maxMessageSize = maxMessageSize.map { Int($0.bytes) } ?? -1
        config.discard = discard.discard
        return config
    }

    func run() async throws {
        let info = try await JetStreamCLI.run(connection) { js in try await js.createStream(config) }
        print("created stream \(info.config.name)")
        StreamPrinter.print(info)
    }
}
