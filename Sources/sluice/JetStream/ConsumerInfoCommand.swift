import ArgumentParser
import JetStream

/// `sluice nats consumer info STREAM NAME`
struct ConsumerInfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Show a consumer's configuration and progress.")

    @Argument(help: "Stream.")
    var stream: String

    @Argument(help: "Consumer name.")
    var name: String

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let info = try await JetStreamCLI.run(connection) { js in try await js.consumerInfo(stream: stream, name: name) }
        ConsumerPrinter.print(info)
    }
}

/// `sluice nats consumer ls STREAM`
struct ConsumerListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List a stream's consumers with their lag.")

    @Argument(help: "Stream.")
    var stream: String

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let consumers = try await JetStreamCLI.run(connection) { js in try await js.consumers(stream: stream) }
        if consumers.isEmpty {
            print("no consumers on \(stream)")
            return
        }
        let rows = consumers.sorted { $0.name < $1.name }.map { info in
            [
                info.name, info.config.allFilterSubjects.joined(separator: ",").ifEmpty("-"), String(info.numPending),
                String(info.numAckPending), String(info.numRedelivered), String(info.numWaiting),
            ]
        }
        CLIFormat.printTable(header: ["CONSUMER", "FILTER", "PENDING", "ACK PENDING", "REDELIVERED", "WAITING"], rows: rows)
    }
}

/// `sluice nats consumer rm STREAM NAME`
struct ConsumerRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete a consumer.")

    @Argument(help: "Stream.")
    var stream: String

    @Argument(help: "Consumer name.")
    var name: String

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await JetStreamCLI.run(connection) { js in try await js.deleteConsumer(stream: stream, name: name) }
        print("deleted consumer \(name) on \(stream)")
    }
}

extension String {
    /// `replacement` when the string is empty.
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
