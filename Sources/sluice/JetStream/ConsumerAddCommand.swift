import ArgumentParser
import JetStream

/// `sluice nats consumer add STREAM NAME [--filter S]… [--max-deliver N] [--backoff 1s,5s] …`
struct ConsumerAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create a durable pull consumer (succeeds when it exists with the same configuration)."
    )

    @Argument(help: "Stream to consume.")
    var stream: String

    @Argument(help: "Durable consumer name.")
    var name: String

    @Option(name: .customLong("filter"), help: "Deliver only messages on this subject; repeat for several.")
    var filters: [String] = []

    @Option(help: "Where to start: all, new, last, last-per-subject, a stream sequence, or an RFC 3339 time.")
    var deliver: DeliverFlag?

    @Option(help: "How messages are acknowledged.")
    var ack: AckFlag = .explicit

    @Option(name: .customLong("ack-wait"), help: "How long the server waits for an ack before redelivering, e.g. 30s (server default: 30s).")
    var ackWait: DurationFlag?

    @Option(name: .customLong("max-deliver"), help: "The most times a message is delivered (default: unlimited).")
    var maxDeliver: Int?

    @Option(help: "Redelivery delays, comma-separated, e.g. 1s,5s,30s; the last repeats. --max-deliver must exceed their number.")
    var backoff: DurationListFlag?

    @Option(name: .customLong("max-ack-pending"), help: "The most unacknowledged messages out at once (server default: 1000).")
    var maxAckPending: Int?

    @Option(name: .customLong("max-waiting"), help: "The most pull requests waiting at once (server default: 512).")
    var maxWaiting: Int?

    @Option(help: "A description for people.")
    var description: String?

    @OptionGroup var connection: ConnectionOptions

    /// The configuration these flags describe.
    var config: ConsumerConfig {
        var config = ConsumerConfig(
            durableName: name,
            filterSubjects: filters,
            deliverPolicy: deliver?.policy ?? .all,
            ackPolicy: ack.policy,
            ackWait: ackWait?.duration,
            maxDeliver: maxDeliver,
            backoff: backoff?.durations ?? [],
            maxAckPending: maxAckPending,
            maxWaiting: maxWaiting
        )
        config.description = description
        return config
    }

    func run() async throws {
        let info = try await JetStreamCLI.run(connection) { js in try await js.createConsumer(stream: stream, config: config) }
        print("created consumer \(info.name) on \(info.streamName)")
        ConsumerPrinter.print(info)
    }
}
