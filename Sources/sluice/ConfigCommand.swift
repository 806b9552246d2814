import ArgumentParser
import Foundation
import SluiceConnectors
import SluiceRuntime

/// `sluice config check FILE`: validates a configuration without running it.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with Sluice configuration files.",
        subcommands: [ConfigCheckCommand.self]
    )
}

/// Prints `OK` or every problem as `file:line:column: field.path: message`; exits 1 on a problem.
struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a configuration file (YAML) without running it.",
        discussion: "The format is described in docs/configuration.md. ${NAME} and ${NAME:-default} are read from the environment."
    )

    @Argument(help: "The configuration file.")
    var file: String

    func run() async throws {
        do {
            let config = try SluiceConfig.load(file: file, connectors: .builtIn)
            print("OK: \(file): \(config.pipelines.count) pipeline(s): \(config.pipelines.map(\.name).joined(separator: ", "))")
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
    }
}
