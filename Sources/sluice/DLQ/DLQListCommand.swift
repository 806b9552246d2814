import ArgumentParser
import SluiceServer

/// `sluice dlq list [--pipeline P] [--limit N]`
struct DLQListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List dead letters, newest first.")

    @Option(help: "Only this pipeline's dead letters.")
    var pipeline: String?

    @Option(help: "Most dead letters to list (the server lists at most 1000).")
    var limit: Int = 100

    @OptionGroup var options: APIOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let client = try options.client()
        let letters = try await DLQOutput.call { () async throws(SluiceAPIClientError) in
            try await client.deadLetters(pipeline: pipeline, limit: limit)
        }
        if options.json {
            try DLQOutput.printJSON(DeadLetterList(deadLetters: letters))
        } else if letters.isEmpty {
            print(pipeline.map { "no dead letters in pipeline \($0)" } ?? "no dead letters")
        } else {
            print(DeadLetterTable.render(letters))
            let more = letters.count == limit ? " (the first \(limit); raise --limit for more)" : ""
            print("\n\(DLQOutput.count(letters.count, "dead letter"))\(more)")
        }
    }
}
