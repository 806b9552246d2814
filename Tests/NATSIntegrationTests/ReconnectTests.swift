import Foundation
import NATS
import NATSTestSupport
import NIOCore
import Testing

@Suite struct ReconnectTests {
    @Test func aServerRestartRestoresSubscriptionsAndDeliversBufferedPublishes() async throws {
        let server = try await TestNATSServer.start()
        defer { Task { await server.stop() } }
        let client = try await connect(to: server)
        let events = EventLog(client)
        let subscription = try await client.subscribe("r.>")
        try await client.publish("r.before", "0")
        #expect(try await collect(1, from: subscription).map(\.string) == ["0"])

        await server.kill()
        try await events.wait { $0.isDisconnected }
        for index in 1...100 { try await client.publish("r.during", "\(index)") }
        try await server.restart()
        try await events.wait(timeout: .seconds(20)) { $0.isReconnected }

        let messages = try await collect(100, from: subscription, timeout: .seconds(20))
        #expect(messages.map(\.string) == (1...100).map(String.init))
        try await client.publish("r.after", "101")
        #expect(try await collect(1, from: subscription).map(\.string) == ["101"])
        await client.close()
    }

    @Test func publishesBeyondTheReconnectBufferFailClearly() async throws {
        let server = try await TestNATSServer.start()
        defer { Task { await server.stop() } }
        let client = try await connect(to: server) { $0.reconnect.bufferSize = 4096 }
        let events = EventLog(client)
        await server.kill()
        try await events.wait { $0.isDisconnected }
        var failure: NATSError?
        for _ in 0..<100 {
            do {
                try await client.publish("x", payload: ByteBuffer(repeating: 1, count: 100))
            } catch let error as NATSError {
                failure = error
                break
            }
        }
        #expect(failure?.code == .reconnectBufferExceeded)
        await client.close()
    }

    @Test func reconnectsToAnotherServerOfTheCluster() async throws {
        try await TestNATSCluster.withCluster(nodes: 3) { cluster in
            let client = try await connect(urls: [cluster.urls[0]]) { $0.noRandomize = true }
            let events = EventLog(client)
            try await client.flush()
            let subscription = try await client.subscribe("c")
            try await client.flush()
            // The client learns the other nodes from INFO connect_urls, so it can fail over to them.
            await cluster.kill(node: 0)
            try await events.wait(timeout: .seconds(20)) { $0.isReconnected }
            let other = try await connect(urls: [cluster.urls[1]])
            try await client.flush()
            try await other.publish("c", "hello")
            #expect(try await collect(1, from: subscription).map(\.string) == ["hello"])
            await other.close()
            await client.close()
        }
    }

    @Test func aStaleConnectionIsDetectedAndReconnected() async throws {
        let server = try await TestNATSServer.start()
        defer { Task { await server.stop() } }
        let client = try await connect(to: server) {
            $0.pingInterval = .milliseconds(200)
            $0.maxPingsOutstanding = 2
        }
        let events = EventLog(client)
        let pid = try #require(server.process.processIdentifier)
        kill(pid, SIGSTOP)
        let event = try await events.wait { $0.isDisconnected }
        kill(pid, SIGCONT)
        #expect(event != .closed)
        try await events.wait(timeout: .seconds(20)) { $0.isReconnected }
        try await client.flush()
        await client.close()
    }

    @Test func lameDuckModeIsReported() async throws {
        let server = try await TestNATSServer.start(config: "lame_duck_duration: 30s\nlame_duck_grace_period: 1s")
        defer { Task { await server.stop() } }
        let client = try await connect(to: server)
        let events = EventLog(client)
        server.process.enterLameDuckMode()
        let event = try await events.wait { if case .lameDuckMode = $0 { return true } else { return false } }
        #expect(event == .lameDuckMode(server: "nats://127.0.0.1:\(server.port)"))
        await client.close()
    }

    @Test func givesUpAfterMaxAttemptsAndCloses() async throws {
        let server = try await TestNATSServer.start()
        let client = try await connect(to: server) { $0.reconnect.maxAttempts = 2 }
        let events = EventLog(client)
        await server.stop()
        try await events.wait(timeout: .seconds(20)) { $0 == .closed }
        await #expect(throws: NATSError.self) { try await client.publish("x", "y") }
    }

    @Test func connectingToNothingFailsClearly() async throws {
        var options = NATSClientOptions(servers: ["nats://127.0.0.1:1"])
        options.connectTimeout = .milliseconds(500)
        do {
            _ = try await NATSClient.connect(options)
            Issue.record("expected a connect failure")
        } catch let error as NATSError {
            #expect(error.code == .connectFailed)
        }
    }
}
