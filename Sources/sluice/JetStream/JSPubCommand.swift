import ArgumentParser
import Foundation
import JetStream
import NATS

/// `sluice nats js pub SUBJECT DATA [--msg-id ID] [--count N] [--header K:V]…`
struct JSPubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pub",
        abstract: "Publish to a stream and print each acknowledgement (stream, sequence, duplicate).",
        discussion: "{{i}} in the data and the message id is replaced by the message number (1, 2, …)."
    )

    @Argument(help: "Subject a stream stores.")
    var subject: String

    @Argument(help: "Message data (empty when left out).")
    var data: String = ""

    @Option(name: .customLong("msg-id"), help: "Message id (Nats-Msg-Id) for duplicate detection.")
    var messageID: String?

    @Option(help: "Number of messages to publish, one after the other.")
    var count: Int = 1

    @Option(name: .customLong("header"), help: "A header as Name:Value; repeat for more.")
    var headers: [String] = []

    @Option(name: .customLong("expect-stream"), help: "Store only if the subject belongs to this stream.")
    var expectedStream: String?

    @Option(name: .customLong("expect-last-seq"), help: "Store only if the stream's last sequence is this.")
    var expectedLastSequence: UInt64?

    @Option(name: .customLong("expect-last-subject-seq"), help: "Store only if the subject's last sequence is this (0: none yet).")
    var expectedLastSubjectSequence: UInt64?

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if count < 1 { throw ValidationError("--count must be at least 1") }
    }

    func run() async throws {
        try await JetStreamCLI.run(connection) { js in
            let headers = try HeaderFlags.parse(self.headers)
            for index in 1...count {
                var options = PublishOptions(
                    messageID: messageID.map { Self.fill($0, index) },
                    expectedStream: expectedStream,
                    expectedLastSequence: expectedLastSequence,
                    expectedLastSubjectSequence: expectedLastSubjectSequence
                )
                options.retryAttempts = 2
                let ack = try await js.publish(subject, Self.fill(data, index), headers: headers, options: options)
                print("[#\(index)] stream=\(ack.stream) seq=\(ack.sequence) duplicate=\(ack.duplicate)")
            }
        }
    }

    private static func fill(_ template: String, _ index: Int) -> String {
        template.contains("{{i}}") ? template.replacingOccurrences(of: "{{i}}", with: String(index)) : template
    }
}
