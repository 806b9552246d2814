import ArgumentParser
import SluiceClient
import SluiceServer

/// `sluice dlq purge --pipeline P`
struct DLQPurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete one pipeline's dead letters for good."
    )

    @Option(help: "The pipeline whose dead letters are deleted.")
    var pipeline: String

    @OptionGroup var options: APIOptions

    func run() async throws {
        let client = try options.client()
        let purged = try await DLQOutput.call { () async throws(SluiceAPIClientError) in
            try await client.purge(pipeline: pipeline)
        }
        if options.json {
            try DLQOutput.printJSON(PurgeResult(purged: purged))
        } else {
            print("purged \(DLQOutput.count(purged, "dead letter")) from pipeline \(pipeline)")
        }
    }
}
