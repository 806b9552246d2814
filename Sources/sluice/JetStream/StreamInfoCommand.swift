import ArgumentParser
import JetStream

/// `sluice nats stream info NAME`
struct StreamInfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Show a stream's configuration and state.")

    @Argument(help: "Stream name.")
    var name: String

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let info = try await JetStreamCLI.run(connection) { js in try await js.streamInfo(name) }
        StreamPrinter.print(info)
    }
}

/// `sluice nats stream ls`
struct StreamListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List streams with their subjects and sizes.")

    @Option(help: "Only streams storing this subject.")
    var subject: String?

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let streams = try await JetStreamCLI.run(connection) { js in try await js.streams(subject: subject) }
        if streams.isEmpty {
            print("no streams")
            return
        }
        let rows = streams.sorted { $0.config.name < $1.config.name }.map { info in
            [
                info.config.name, info.config.subjects.joined(separator: ","), String(info.state.messages),
                CLIFormat.bytes(info.state.bytes), String(info.state.consumerCount),
            ]
        }
        CLIFormat.printTable(header: ["STREAM", "SUBJECTS", "MESSAGES", "BYTES", "CONSUMERS"], rows: rows)
    }
}
