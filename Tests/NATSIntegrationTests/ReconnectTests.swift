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
        let subscription = try await client.subscribe("r.>")
        try await client.publish("r.before", "0")
        #expect(try await collect(1, from: subscription).map(\.string) == ["0"])

        await server.kill()
        _ = try await waitForEvent(client) { if case .disconnected = $0 { return true } else { return false } }
        for index in 1...100 { try await client.publish("r.during", "\(index)") }
        try await server.restart()
        _ = try await waitForEvent(client, timeout: .seconds(20)) { if case .reconnected = $0 { return true } else { return false } }

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
        await server.kill()
        _ = try await waitForEvent(client) { if case .disconnected = $0 { return true } else { return false } }
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
            try await client.flush()
            let subscription = try await client.subscribe("c")
            try await client.flush()
            // The client learns the other nodes from INFO connect_urls, so it can fail over to them.
            await cluster.kill(node: 0)
            _ = try await waitForEvent(client, timeout: .seconds(20)) { if case .reconnected = $0 { return true } else { return false } }
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
        let pid = try #require(server.process.processIdentifier)
        kill(pid, SIGSTOP)
        let event = try await waitForEvent(client, timeout: .seconds(10)) { if case .disconnected = $0 { return true } else { return false } }
        kill(pid, SIGCONT)
        #expect(event != .closed)
        _ = try await waitForEvent(client, timeout: .seconds(20)) { if case .reconnected = $0 { return true } else { return false } }
        try await client.flush()
        await client.close()
    }

    @Test func lameDuckModeIsReported() async throws {
        let server = try await TestNATSServer.start(config: "lame_duck_duration: 30s\nlame_duck_grace_period: 1s")
        defer { Task { await server.stop() } }
        let client = try await connect(to: server)
        server.process.enterLameDuckMode()
        let event = try await waitForEvent(client, timeout: .seconds(10)) { if case .lameDuckMode = $0 { return true } else { return false } }
        #expect(event == .lameDuckMode(server: "nats://127.0.0.1:\(server.port)"))
        await client.close()
    }

    @Test func givesUpAfterMaxAttemptsAndCloses() async throws {
        let server = try await TestNATSServer.start()
        let client = try await connect(to: server) { $0.reconnect.maxAttempts = 2 }
        await server.stop()
        _ = try await waitForEvent(client, timeout: .seconds(20)) { $0 == .closed }
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
