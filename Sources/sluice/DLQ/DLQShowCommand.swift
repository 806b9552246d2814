import ArgumentParser
import SluiceClient
import SluiceServer

/// `sluice dlq show ID`
struct DLQShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one dead letter, with its payload.")

    @Argument(help: "The dead letter's id (see `sluice dlq list`).")
    var id: String

    @OptionGroup var options: APIOptions

    func run() async throws {
        let client = try options.client()
        let letter = try await DLQOutput.call { () async throws(SluiceAPIClientError) in
            try await client.deadLetter(id: id)
        }
        if options.json {
            try DLQOutput.printJSON(letter)
        } else {
            print(DeadLetterTable.detail(letter))
        }
    }
}
