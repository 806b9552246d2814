import Foundation
import JetStream
import NATS
import NATSTestSupport
import NIOCore
import SluiceRouter
import SluiceSQLite
import Testing

/// The production roles' own executables: `sluice-sync` runs the gateway with the connectors it was built with
/// and one event-loop thread, refuses what it was built without; `sluice-router CONFIG` and `sluice-relay outbox` run
/// on one event-loop thread too; `scripts/footprint` measures each of the three in its role.
@Suite struct RoleExecutableTests {
    static func gatewayConfig(nats: String, sink: String = "{type: publish, subject: \"out.{producer}.{resource_type}\"}") -> String {
        """
        transport: jetstream
        nats: {url: "\(nats)"}
        data_dir: state
        server: {listen: "127.0.0.1:0"}
        log: {level: info, format: text}
        streams:
          - {name: ROLE_IN, subjects: ["in.>"]}
          - {name: ROLE_OUT, subjects: ["out.>"]}
        pipelines:
          - name: gateway
            source: {type: jetstream, stream: ROLE_IN, subjects: ["in.>"]}
            transforms:
              - set: {path: payload.seen, value: true}
            sink: \(sink)
        """
    }

    @Test func theSyncExecutableRunsTheGatewayOnOneEventLoopThread() async throws {
        try await TestNATSServer.withServer { nats in
            let directory = try TestDirectory.make(prefix: "sluice-sync")
            defer { TestDirectory.remove(directory) }
            try Self.gatewayConfig(nats: nats.url).write(toFile: directory + "/sync.yaml", atomically: true, encoding: .utf8)
            let gateway = try SluiceProcess(["gateway", "sync.yaml"], in: directory, executable: "sluice-sync")
            defer { gateway.killIfRunning() }
            try await gateway.waitForOutput("operations API on")

            let client = try await NATSClient.connect(NATSClientOptions(servers: [nats.url]))
            let js = JetStreamContext(client: client)
            let envelope = """
                {"event_id":"e-1","producer":"shop","resource_type":"orders","resource_id":"1","event_type":"created",\
                "occurred_at":"2026-01-01T00:00:00Z","version":1,"payload":{"total":3}}
                """
            try await js.publish("in.shop.orders", payload: ByteBuffer(string: envelope), options: PublishOptions(messageID: "e-1"))
            let message = try await withTimeout(.seconds(60), "the envelope on out.shop.orders") {
                while true {
                    if let found = try? await js.getLastMessage(stream: "ROLE_OUT", subject: "out.shop.orders") { return found }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            let output = String(buffer: message.payload)
            #expect(output.contains("\"event_id\":\"e-1\"") && output.contains("\"seen\":true"), "\(output)")
            await client.close()

            // SwiftNIO names the threads of its shared event-loop group NIO-SGLTN-<group>-#<n>; the default is one.
            let threads = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(gateway.pid)/task").map {
                try String(contentsOfFile: "/proc/\(gateway.pid)/task/\($0)/comm", encoding: .utf8)
            }
            #expect(threads.filter { $0.hasPrefix("NIO-SGLTN-") }.count == 1, "\(threads)")
            gateway.send(SIGTERM)
            #expect(try await gateway.waitForExit() == 0, "\(gateway.text.suffix(800))")
        }
    }

    @Test func theSyncExecutableRefusesAConnectorItWasBuiltWithout() async throws {
        let directory = try TestDirectory.make(prefix: "sluice-sync-refuses")
        defer { TestDirectory.remove(directory) }
        let sink = "{type: search_index, index: docs, fields: [title]}"
        try Self.gatewayConfig(nats: "nats://127.0.0.1:4222", sink: sink).write(toFile: directory + "/sync.yaml", atomically: true, encoding: .utf8)
        let result = try await SluiceCommand.run(["write", "sync.yaml"], in: directory, executable: "sluice-sync")
        #expect(result.status == 1, "\(result.output)")
        #expect(
            result.stderr.contains("sync.yaml:14:18: pipelines[0].sink.type: expected one of publish, elasticsearch, got \"search_index\""),
            "\(result.output)"
        )
    }

    @Test func theProcessorRefusesAnOutboxItDoesNotRelay() async throws {
        let directory = try TestDirectory.make(prefix: "sluice-processor-refuses")
        defer { TestDirectory.remove(directory) }
        try """
        outbox: {sqlite: app.sqlite, destination_app: crm}
        pipelines:
          - name: notes
            source: {type: http}
            sink: {type: search_index, index: notes, fields: [title]}
        """.write(toFile: directory + "/run.yaml", atomically: true, encoding: .utf8)
        let result = try await SluiceCommand.run(["run", "run.yaml"], in: directory, executable: "sluice-processor")
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.contains("run.yaml:1:1: outbox: unknown key 'outbox'"), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/app.sqlite"), "nothing was created")
    }

    @Test(.timeLimit(.minutes(2))) func theRouterExecutableDeliversOnOneEventLoopThread() async throws {
        let directory = try ScratchDirectory("sluice-router")
        defer { directory.remove() }
        let receiver = try await HookReceiver.start()
        defer { Task { await receiver.stop() } }
        let port = try FreePort.claim()
        try directory.write("router.yaml", RouterCommandTests.config(queue: "queue.sqlite", port: port))
        let file = try await SQLiteQueue.open(path: directory.path + "/queue.sqlite")
        let queue = try await SQLiteQueueConsumer.open(queue: file, subject: "router.in", consumer: "router")
        let ids = (1...20).map { "m-\($0)" }
        try await queue.send(ids.map { RouterMessage(id: $0, pool: "orders", target: receiver.url, payload: ByteBuffer(string: "{}")) })
        try await file.close()

        // No subcommand: `router` is the executable's default.
        let router = try SluiceProcess(["router.yaml"], in: directory.path, executable: "sluice-router")
        defer { router.killIfRunning() }
        try await withTimeout(.seconds(60), "every message delivered") {
            while Set(receiver.received).count < ids.count { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(Set(receiver.received) == Set(ids))
        try await HTTP.poll("http://127.0.0.1:\(port)/readyz", "readyz") { $0.status == 200 }
        let threads = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(router.pid)/task").map {
            try String(contentsOfFile: "/proc/\(router.pid)/task/\($0)/comm", encoding: .utf8)
        }
        #expect(threads.filter { $0.hasPrefix("NIO-SGLTN-") }.count == 1, "\(threads)")
        router.send(SIGTERM)
        #expect(try await router.waitForExit() == 0, "\(router.text.suffix(800))")
    }

    @Test func theRouterRefusesAnEventLoopOfNoThreads() async throws {
        let directory = try ScratchDirectory("sluice-router-threads")
        defer { directory.remove() }
        try directory.write("router.yaml", "event_loop_threads: 0\n" + RouterCommandTests.config(queue: "q.sqlite", port: 1))
        let result = try await SluiceCommand.run(["router.yaml"], in: directory.path, executable: "sluice-router")
        #expect(result.status != 0)
        #expect(result.stderr.contains("router.yaml:1:") && result.stderr.contains("event_loop_threads: must be at least 1"), "\(result.output)")
    }

    @Test(.timeLimit(.minutes(2))) func theRelayExecutableRunsOnOneEventLoopThreadAndRefusesNone() async throws {
        try await TestNATSServer.withServer { nats in
            let directory = try TestDirectory.make(prefix: "sluice-relay")
            defer { TestDirectory.remove(directory) }
            let migrate = try SluiceProcess(["migrate", "--sqlite", "app.sqlite"], in: directory, executable: "sluice-relay")
            #expect(try await migrate.waitForExit() == 0, "\(migrate.text)")
            let port = try FreePort.claim()
            let yaml = { (threads: String) in
                """
                bridge: {nats_urls: [\(nats.url)], env: relay, app_name: billing, destination_app: crm}
                outbox: {sqlite: app.sqlite, listen: "127.0.0.1:\(port)"}
                \(threads)
                """
            }
            try yaml("event_loop_threads: 0").write(toFile: directory + "/none.yaml", atomically: true, encoding: .utf8)
            let refused = try await SluiceCommand.run(["outbox", "none.yaml"], in: directory, executable: "sluice-relay")
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("event_loop_threads: must be at least 1, not 0"), "\(refused.output)")

            try yaml("").write(toFile: directory + "/outbox.yaml", atomically: true, encoding: .utf8)
            let relay = try SluiceProcess(["outbox", "outbox.yaml"], in: directory, executable: "sluice-relay")
            defer { relay.killIfRunning() }
            try await HTTP.poll("http://127.0.0.1:\(port)/healthz", "the relay answering") { $0.status == 200 }
            let threads = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(relay.pid)/task").map {
                try String(contentsOfFile: "/proc/\(relay.pid)/task/\($0)/comm", encoding: .utf8)
            }
            #expect(threads.filter { $0.hasPrefix("NIO-SGLTN-") }.count == 1, "\(threads)")
            relay.send(SIGTERM)
            #expect(try await relay.waitForExit() == 0, "\(relay.text.suffix(800))")
        }
    }

    @Test(arguments: ["sluice", "sluice-sync", "sluice-router", "sluice-relay", "sluice-processor"])
    func versionAloneIsAnsweredAsTheParserAnswersIt(name: String) async throws {
        let binary = try SluiceProcess.executable(named: name)
        let directory = try TestDirectory.make(prefix: "version")
        defer { TestDirectory.remove(directory) }
        let alone = try await SluiceCommand.run(["--version"], in: directory, executable: binary)
        let parsed = try await SluiceCommand.run(["--version", "--version"], in: directory, executable: binary)
        #expect(alone.status == 0 && parsed.status == 0, "\(alone.output) \(parsed.output)")
        #expect(alone.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(alone.stdout)")
        #expect(alone.stdout == parsed.stdout)
        let help = try await SluiceCommand.run(["--help"], in: directory, executable: binary)
        #expect(help.status == 0 && help.stdout.contains("USAGE: \(name)"), "\(help.output)")
    }

    @Test(arguments: ["sluice-sync", "sluice-router", "sluice-relay"])
    func footprintMeasuresTheGivenBinary(name: String) async throws {
        let natsServer = try #require(ProcessInfo.processInfo.environment["NATS_SERVER"], "set NATS_SERVER (scripts/setup --which nats-server)")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let binary = try SluiceProcess.executable(named: name)
        let result = try await SluiceCommand.run(
            ["python3", root + "/scripts/footprint", "--json", "--runs", "3", "--idle", "1", "--nats-server", natsServer, binary],
            in: root,
            executable: "/usr/bin/env"
        )
        #expect(result.status == 0, "\(result.output)")
        let data = Data(result.stdout.utf8)
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let figures = try #require((report["binaries"] as? [[String: Any]])?.first)
        #expect(figures["name"] as? String == name)
        #expect(figures["binary_bytes"] as? Int == (try FileManager.default.attributesOfItem(atPath: binary)[.size] as? Int))
        for key in ["start_ms", "ready_ms"] {
            #expect((figures[key] as? Double ?? 0) > 0, "\(key): \(figures)")
        }
        for key in ["idle_rss_bytes", "idle_threads"] {
            #expect((figures[key] as? Int ?? 0) > 0, "\(key): \(figures)")
        }
        #expect((report["nats_server_bytes"] as? Int ?? 0) > 0)
    }
}
