import Foundation
import NATSTestSupport
import SluiceEdge
import Testing
import TopologyTestSupport

/// `sluice edge CONFIG` killed with SIGKILL while it catches up on a backlog: restarted, it ends with the store the
/// changes imply, each change applied once.
@Suite(.serialized) struct EdgeAgentKillTests {
    @Test func aKilledAgentRestartsAndEndsWithTheSameStore() async throws {
        try await withTimeout(.seconds(300), "for the killed agent to catch up after its restart") {
            let harness = try await EdgeHarness.start(edges: ["edge-a"])
            let directory = harness.directory
            var process: Process?
            do {
                let configFile = "\(directory)/edge-a.yaml"
                let storePath = "\(directory)/edge-a.sqlite"
                let config = """
                    edge:
                      id: edge-a
                      nats:
                        urls: ["\(harness.running.url(of: "edge-a")!)"]
                        user: agent
                        password_env: T_AGENT_PASS
                        domain: central
                      store: \(storePath)
                      listen: 127.0.0.1:0
                      catch_up_above: 100
                    products:
                      - id: acme
                        tier: critical
                        stores: [s1]
                    """
                try Data(config.utf8).write(to: URL(fileURLWithPath: configFile))
                let changes = ChangeWorkload.changes(store: "s1", range: 0..<5000, prefix: "kill")
                try await harness.publisher.publishBatch(changes)

                process = try Self.startAgent(configFile)
                let reader = try await EdgeStore.open(path: storePath)
                // Killed in the middle of the catch-up.
                while try await reader.appliedCount() < 1000 { try await Task.sleep(for: .milliseconds(20)) }
                kill(process!.processIdentifier, SIGKILL)
                try await Self.waitForExit(process!)
                let atKill = try await reader.appliedCount()
                #expect(atKill < 5000, "killed during the catch-up, not after it")

                process = try Self.startAgent(configFile)
                while try await reader.appliedCount() < 5000 { try await Task.sleep(for: .milliseconds(50)) }
                let stored = try await reader.tuples(store: "s1", limit: 100_000).map(ChangeWorkload.text)
                #expect(Set(stored) == ChangeWorkload.endState(changes))
                #expect(try await reader.appliedCount() == 5000)
                try await reader.close()
                process!.terminate()
                try await Self.waitForExit(process!)
            } catch {
                if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
                await harness.stop()
                throw error
            }
            await harness.stop()
        }
    }

    /// Waits until `process` ended (`waitUntilExit()` can hang in an async task on Linux).
    static func waitForExit(_ process: Process) async throws {
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
    }

    /// Starts `sluice edge CONFIG` with the binary built beside the tests.
    static func startAgent(_ configFile: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try sluiceExecutable())
        process.arguments = ["edge", configFile]
        process.environment = ProcessInfo.processInfo.environment.merging(["T_AGENT_PASS": TopologyFixtures.environment["T_AGENT_PASS"]!]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func sluiceExecutable() throws -> String {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("sluice").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        throw EdgeError("the sluice binary is not built next to the tests; run `swift build` first")
    }
}
