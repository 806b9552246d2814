import ArgumentParser
import Foundation
import SluiceTopology

/// `sluice topology up FILE`: the whole topology on loopback until Ctrl-C.
struct TopologyUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start every server of a topology on 127.0.0.1, wait until it is connected, print what runs where; Ctrl-C stops it.",
        discussion: "Ports the file leaves out are chosen free. The passwords are read from the variables the file names."
    )

    @Argument(help: "The topology file (YAML).")
    var file: String

    @Option(name: .long, help: "Where the servers keep their configurations, logs and stores.")
    var dir: String = ".sluice/topology"

    @Option(name: .long, help: "How long to wait for every route, gateway and leaf connection, in seconds.")
    var timeout: Int = 90

    func run() async throws {
        let topology = try TopologyCommand.load(file)
        let running: RunningTopology
        do {
            running = try await TopologyRunner.up(
                topology,
                directory: dir,
                environment: ProcessInfo.processInfo.environment,
                timeout: .seconds(timeout)
            )
        } catch let error as TopologyError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        print(running.summary())
        print("ready: routes, gateways and leaf connections are up; Ctrl-C stops")
        await TopologySignals.waitForInterrupt()
        print("stopping")
        await running.stop()
    }
}
