import ArgumentParser
import SluiceClient
import SluiceRuntime
import SluiceServer

/// `sluice dlq list [--pipeline P] [--limit N] [--all]`
struct DLQListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List dead letters, newest first.")

    @Option(help: "Only this pipeline's dead letters.")
    var pipeline: String?

    @Option(help: "Most dead letters to list, or per request with --all (the server lists at most 1000).")
    var limit: Int = 100

    @Flag(help: "List every dead letter, following the server's pages.")
    var all = false

    @OptionGroup var options: APIOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let client = try options.client()
        var letters: [DeadLetter] = []
        var cursor: String?
        repeat {
            let page = try await DLQOutput.call { () async throws(SluiceAPIClientError) in
                try await client.deadLetterPage(pipeline: pipeline, limit: limit, cursor: cursor)
            }
            letters += page.deadLetters
            cursor = page.nextCursor
        } while all && cursor != nil
        if options.json {
            try DLQOutput.printJSON(DeadLetterList(deadLetters: letters, nextCursor: cursor))
        } else if letters.isEmpty {
            print(pipeline.map { "no dead letters in pipeline \($0)" } ?? "no dead letters")
        } else {
            print(DeadLetterTable.render(letters))
            let more = cursor != nil ? " (the first \(letters.count); --all lists every one)" : ""
            print("\n\(DLQOutput.count(letters.count, "dead letter"))\(more)")
        }
    }
}
