import Foundation
import NATSTestSupport
import NIOCore
import SluiceRouter
import SluiceSQLite
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `sluice router` as an operator runs it: its file's errors, its operations endpoints, and a process killed with
/// SIGKILL in the middle of a load.
@Suite struct RouterCommandTests {
    static func config(queue: String, port: Int, pool: String = "{concurrency: 20, buffer: 200}") -> String {
        """
        router: {listen: "127.0.0.1:\(port)", lease_renewal: 1s}
        queues:
          - {kind: sqlite, path: \(queue), subject: router.in, consumer: router, name: main, visibility_timeout: 2s}
        dead_letters: {kind: sqlite, path: \(queue), subject: router.dead, consumer: dead}
        pools:
          orders: \(pool)
        """
    }

    @Test func aBadValueIsNamedWithItsFileLineAndField() async throws {
        let directory = try ScratchDirectory("router-bad")
        defer { directory.remove() }
        try directory.write("router.yaml", Self.config(queue: "q.sqlite", port: 1, pool: "{concurrency: 0}"))
        let result = try await SluiceCommand.run(["router", "router.yaml"], in: directory.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains("router.yaml:6:"), "\(result.output)")
        #expect(result.stderr.contains("pools.orders.concurrency: must be at least 1, not 0"), "\(result.output)")
    }

    @Test func aMisspeltKeyIsNamedWithItsPlace() async throws {
        let directory = try ScratchDirectory("router-typo")
        defer { directory.remove() }
        try directory.write("router.yaml", Self.config(queue: "q.sqlite", port: 1, pool: "{concurency: 4}"))
        let result = try await SluiceCommand.run(["router", "router.yaml"], in: directory.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains("router.yaml:6:12: pools.orders.concurency: unknown key 'concurency'"), "\(result.output)")
    }

    @Test func anUnreadableFileIsNamedWithTheSystemsReason() async throws {
        let directory = try ScratchDirectory("router-unreadable")
        defer { directory.remove() }
        let missing = try await SluiceCommand.run(["router", "absent.yaml"], in: directory.path)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("cannot read absent.yaml: No such file or directory"), "\(missing.output)")
        let auth = "auth: {tokens: [{name: ops, token_file: absent.token, scopes: [admin]}]}\n"
        try directory.write("router.yaml", Self.config(queue: "q.sqlite", port: 1) + "\n" + auth)
        let secret = try await SluiceCommand.run(["router", "router.yaml"], in: directory.path)
        #expect(secret.status != 0)
        #expect(secret.stderr.contains("auth.tokens[0]: cannot read absent.token: No such file or directory"), "\(secret.output)")
    }

    /// SIGTERM drains the router: a delivery that outlasts `router.drain_timeout` is cancelled at that deadline,
    /// and the process exits cleanly instead of waiting for it.
    @Test(.timeLimit(.minutes(2))) func aDrainEndsAtItsTimeout() async throws {
        let directory = try ScratchDirectory("router-drain")
        defer { directory.remove() }
        let receiver = try await HookReceiver.start(work: .seconds(60))
        defer { Task { await receiver.stop() } }
        let port = try FreePort.claim()
        let config = Self.config(queue: "queue.sqlite", port: port, pool: "{concurrency: 1, timeout: 90s}")
        try directory.write("router.yaml", config.replacingOccurrences(of: "lease_renewal: 1s}", with: "lease_renewal: 1s, drain_timeout: 1s}"))
        let file = try await SQLiteQueue.open(path: directory.path + "/queue.sqlite")
        let queue = try await SQLiteQueueConsumer.open(queue: file, subject: "router.in", consumer: "router")
        try await queue.send([RouterMessage(id: "slow", pool: "orders", target: receiver.url, payload: ByteBuffer(string: "{}"))])
        try await file.close()

        let router = try SluiceProcess(["router", "router.yaml"], in: directory.path)
        defer { router.killIfRunning() }
        try await withTimeout(.seconds(30), "the delivery started") {
            while receiver.received.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        }
        router.send(SIGTERM)
        let status = try await withTimeout(.seconds(30), "the router stopped after its drain timeout") { try await router.waitForExit() }
        #expect(status == 0, "\(router.text)")
    }

    /// 3,000 messages; the router is killed with SIGKILL after about a third of them, and a new one finishes:
    /// every message reaches the receiver, and only messages the killed router had delivered without its
    /// acknowledgement reaching the queue arrive twice, with the same key.
    @Test(.timeLimit(.minutes(3))) func aRouterKilledDuringALoadLosesNothing() async throws {
        let directory = try ScratchDirectory("router-kill")
        defer { directory.remove() }
        let receiver = try await HookReceiver.start()
        defer { Task { await receiver.stop() } }
        let port = try FreePort.claim()
        try directory.write("router.yaml", Self.config(queue: "queue.sqlite", port: port))
        let total = 3000
        let file = try await SQLiteQueue.open(path: directory.path + "/queue.sqlite")
        let queue = try await SQLiteQueueConsumer.open(queue: file, subject: "router.in", consumer: "router")
        let ids = (1...total).map { "load-\($0)" }
        for chunk in stride(from: 0, to: total, by: 500) {
            try await queue.send(
                ids[chunk..<min(chunk + 500, total)].map {
                    RouterMessage(id: $0, pool: "orders", target: receiver.url, payload: ByteBuffer(string: "{}"))
                }
            )
        }
        try await file.close()

        let first = try SluiceProcess(["router", "router.yaml"], in: directory.path)
        defer { first.killIfRunning() }
        try await withTimeout(.seconds(60), "a third of the messages delivered") {
            while receiver.received.count < total / 3 { try await Task.sleep(for: .milliseconds(5)) }
        }
        first.send(SIGKILL)
        _ = try await first.waitForExit()
        // Requests the killed router had written before it died still reach the receiver after its exit: wait until
        // nothing more arrives, so that they count as delivered by the killed router.
        var settled = receiver.received.count
        while true {
            try await Task.sleep(for: .milliseconds(500))
            let now = receiver.received.count
            if now == settled { break }
            settled = now
        }
        let deliveredBeforeKill = receiver.received
        let atKill = Set(deliveredBeforeKill).count

        let second = try SluiceProcess(["router", "router.yaml"], in: directory.path)
        defer { second.killIfRunning() }
        try await HTTP.poll("http://127.0.0.1:\(port)/healthz", "healthz") { $0.status == 200 }
        try await withTimeout(.seconds(120), "every message delivered (\(Set(receiver.received).count) so far)") {
            while Set(receiver.received).count < total { try await Task.sleep(for: .milliseconds(20)) }
        }
        let metrics = try await HTTP.get("http://127.0.0.1:\(port)/metrics")
        #expect(metrics.body.contains("sluice_router_delivered_total{"), "\(metrics.body.prefix(2000))")
        second.send(SIGTERM)
        #expect(try await second.waitForExit() == 0, "\(second.text)")

        let received = receiver.received
        #expect(Set(received) == Set(ids))
        let repeated = Dictionary(grouping: received, by: { $0 }).filter { $0.value.count > 1 }.keys
        // A repeat is a message the killed router delivered whose acknowledgement it had not yet written: the second
        // router sends it again once its lease ends. Nothing the killed router never delivered arrives twice.
        #expect(Set(repeated).isSubset(of: Set(deliveredBeforeKill)), "messages delivered twice that the killed router never delivered")
        #expect(received.count - Set(received).count <= atKill)
        #expect(atKill < total)
    }
}

/// `sluice router` with its platform API: pools changed in the file apply on SIGHUP, without a restart.
@Suite struct RouterReloadTests {
    static let token = "router-test-admin-token-0123456789"

    static func pools(port: Int) async throws -> [String: Int] {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/pools")!, timeoutInterval: 10)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        let pools = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["pools"] as? [[String: Any]] ?? []
        return Dictionary(
            uniqueKeysWithValues: pools.compactMap { pool in
                (pool["code"] as? String).map { ($0, pool["concurrency"] as? Int ?? 0) }
            }
        )
    }

    /// `PUT /api/pools/{code}` with the admin token; returns the status.
    static func change(port: Int, pool: String, _ body: String) async throws -> Int {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/pools/\(pool)")!, timeoutInterval: 10)
        request.httpMethod = "PUT"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    /// Pool changes made through the API are kept in `router.state_file`: a new router starts with them, until the
    /// pool's entry in the file is edited, after which (on SIGHUP as on a restart) the file wins.
    @Test(.timeLimit(.minutes(3))) func poolChangesOutliveARestartUntilTheFileChangesThePool() async throws {
        let directory = try ScratchDirectory("router-state")
        defer { directory.remove() }
        let port = try FreePort.claim()
        let auth = "auth: {tokens: [{name: ops, token_env: ROUTER_TEST_TOKEN, scopes: [admin]}]}\n"
        func write(orders: String) throws {
            let config = RouterCommandTests.config(queue: "q.sqlite", port: port, pool: "\(orders)\n  invoices: {concurrency: 6}")
            try directory.write(
                "router.yaml",
                config.replacing("lease_renewal: 1s}", with: "lease_renewal: 1s, state_file: state/pools.json}") + "\n" + auth
            )
        }
        func start() async throws -> SluiceProcess {
            let router = try SluiceProcess(["router", "router.yaml"], in: directory.path, environment: ["ROUTER_TEST_TOKEN": Self.token])
            try await HTTP.poll("http://127.0.0.1:\(port)/healthz", "healthz") { $0.status == 200 }
            return router
        }
        func stop(_ router: SluiceProcess) async throws {
            router.send(SIGTERM)
            #expect(try await router.waitForExit() == 0, "\(router.text)")
        }

        try write(orders: "{concurrency: 2}")
        let first = try await start()
        defer { first.killIfRunning() }
        #expect(try await Self.change(port: port, pool: "orders", #"{"concurrency": 5}"#) == 200)
        #expect(try await Self.change(port: port, pool: "billing", #"{"concurrency": 4}"#) == 200)
        try await stop(first)
        #expect(FileManager.default.fileExists(atPath: directory.path + "/state/pools.json"))

        let second = try await start()
        defer { second.killIfRunning() }
        #expect(try await Self.pools(port: port) == ["orders": 5, "billing": 4, "invoices": 6], "the API's changes survive the restart")
        // SIGHUP without editing the pools keeps the changes; editing the pool in the file makes the file win.
        second.send(SIGHUP)
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await Self.pools(port: port) == ["orders": 5, "billing": 4, "invoices": 6])
        try write(orders: "{concurrency: 3}")
        second.send(SIGHUP)
        try await withTimeout(.seconds(30), "the file's pool after SIGHUP") {
            while try await Self.pools(port: port)["orders"] != 3 { try await Task.sleep(for: .milliseconds(50)) }
        }
        try await stop(second)

        let third = try await start()
        defer { third.killIfRunning() }
        #expect(try await Self.pools(port: port) == ["orders": 3, "billing": 4, "invoices": 6], "the edited file won for good")
        try await stop(third)
    }

    @Test(.timeLimit(.minutes(2))) func poolsAreReloadedOnSIGHUP() async throws {
        let directory = try ScratchDirectory("router-reload")
        defer { directory.remove() }
        let port = try FreePort.claim()
        let auth = "auth: {tokens: [{name: ops, token_env: ROUTER_TEST_TOKEN, scopes: [admin]}]}\n"
        try directory.write("router.yaml", RouterCommandTests.config(queue: "q.sqlite", port: port, pool: "{concurrency: 2}") + "\n" + auth)
        let router = try SluiceProcess(["router", "router.yaml"], in: directory.path, environment: ["ROUTER_TEST_TOKEN": Self.token])
        defer { router.killIfRunning() }
        try await HTTP.poll("http://127.0.0.1:\(port)/healthz", "healthz") { $0.status == 200 }
        #expect(try await Self.pools(port: port) == ["orders": 2])

        try directory.write(
            "router.yaml",
            RouterCommandTests.config(queue: "q.sqlite", port: port, pool: "{concurrency: 7}\n  billing: {concurrency: 3}") + "\n" + auth
        )
        router.send(SIGHUP)
        try await withTimeout(.seconds(30), "the reloaded pools") {
            while try await Self.pools(port: port) != ["orders": 7, "billing": 3] { try await Task.sleep(for: .milliseconds(50)) }
        }
        router.send(SIGTERM)
        #expect(try await router.waitForExit() == 0, "\(router.text)")
    }
}
