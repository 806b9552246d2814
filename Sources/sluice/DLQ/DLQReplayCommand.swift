import ArgumentParser
import SluiceClient
import SluiceServer

/// `sluice dlq replay --pipeline P` or `sluice dlq replay --id ID [--id ID …]`
struct DLQReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Send dead letters back to their pipeline's input.",
        discussion: "Replayed records go through the pipeline again; those that fail again return to the DLQ."
    )

    @Option(help: "Replay every dead letter of this pipeline.")
    var pipeline: String?

    @Option(name: .customLong("id"), help: "Replay this dead letter; repeat for more.")
    var ids: [String] = []

    @OptionGroup var options: APIOptions

    func validate() throws {
        if pipeline == nil && ids.isEmpty { throw ValidationError("give --pipeline P or one or more --id ID") }
        if pipeline != nil && !ids.isEmpty { throw ValidationError("give --pipeline or --id, not both") }
    }

    func run() async throws {
        let client = try options.client()
        let request = ReplayRequest(pipeline: pipeline, ids: ids.isEmpty ? nil : ids)
        let replayed = try await DLQOutput.call { () async throws(SluiceAPIClientError) in
            try await client.replay(request)
        }
        if options.json {
            try DLQOutput.printJSON(ReplayResult(replayed: replayed))
        } else {
            print("replayed \(DLQOutput.count(replayed, "dead letter"))")
        }
    }
}
