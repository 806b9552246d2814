import ArgumentParser
import SluiceServer

/// `sluice dlq purge [--pipeline P]`
struct DLQPurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete dead letters for good: one pipeline's, or all of them without --pipeline."
    )

    @Option(help: "Only this pipeline's dead letters.")
    var pipeline: String?

    @OptionGroup var options: APIOptions

    func run() async throws {
        let client = try options.client()
        let purged = try await DLQOutput.call { () async throws(SluiceAPIClientError) in
            try await client.purge(pipeline: pipeline)
        }
        if options.json {
            try DLQOutput.printJSON(PurgeResult(purged: purged))
        } else {
            let scope = pipeline.map { " from pipeline \($0)" } ?? ""
            print("purged \(DLQOutput.count(purged, "dead letter"))\(scope)")
        }
    }
}
