import Foundation
import NATSTestSupport
import Testing

/// `sluice outbox`'s operations API answers only a `Host` that names it, as the other roles' API does.
@Suite struct OutboxHostTests {
    @Test func theOperationsAPIRefusesAHostThatIsNotItsOwn() async throws {
        try await TestPostgresServer.withServer { postgres in
            try await TestNATSServer.withServer { nats in
                let directory = try TestDirectory.make(prefix: "outbox-host")
                defer { TestDirectory.remove(directory) }
                let migrate = try SluiceProcess(["migrate", "--postgres", postgres.url], in: directory)
                #expect(try await migrate.waitForExit() == 0, "\(migrate.text)")
                let port = try FreePort.claim()
                let yaml = """
                    bridge:
                      nats_urls: [\(nats.url)]
                      env: hosts
                      app_name: billing
                      destination_app: crm
                    outbox:
                      postgres: \(postgres.url)
                      listen: 127.0.0.1:\(port)
                      allowed_hosts: [relay.internal]
                    """
                try yaml.write(toFile: directory + "/outbox.yaml", atomically: true, encoding: .utf8)
                let relay = try SluiceProcess(["outbox", "outbox.yaml"], in: directory)
                let base = "http://127.0.0.1:\(port)"
                try await HTTP.poll("\(base)/healthz", "the relay answering") { $0.status == 200 }

                for path in ["healthz", "readyz", "metrics"] {
                    let rebound = try await HTTP.send("GET", "\(base)/\(path)", host: "attacker.example")
                    #expect(rebound.status == 403, "\(path): \(rebound.status) \(rebound.body)")
                    #expect(rebound.body.contains("host_not_allowed"), "\(path): \(rebound.body)")
                }
                #expect(try await HTTP.send("GET", "\(base)/healthz", host: "relay.internal:\(port)").status == 200)
                #expect(try await HTTP.send("GET", "\(base)/healthz", host: "localhost:\(port)").status == 200)

                relay.send(SIGTERM)
                #expect(try await relay.waitForExit() == 0, "\(relay.text)")
            }
        }
    }
}
