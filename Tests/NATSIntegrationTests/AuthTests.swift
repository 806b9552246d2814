import Foundation
import NATS
import NATSTestSupport
import Testing

@Suite struct AuthTests {
    @Test func token() async throws {
        try await TestNATSServer.withServer(config: TestAuth.tokenConfig("s3cret")) { server in
            let client = try await connect(to: server) { $0.auth = .token("s3cret") }
            try await client.flush()
            await client.close()
            await expectRefused(server) { $0.auth = .token("wrong") }
        }
    }

    @Test func userAndPassword() async throws {
        try await TestNATSServer.withServer(config: TestAuth.userPasswordConfig(user: "alice", password: "pw")) { server in
            let client = try await connect(to: server) { $0.auth = .userPassword(user: "alice", password: "pw") }
            try await client.flush()
            await client.close()
            let viaURL = try await connect(urls: ["nats://alice:pw@127.0.0.1:\(server.port)"])
            try await viaURL.flush()
            await viaURL.close()
            await expectRefused(server) { $0.auth = .userPassword(user: "alice", password: "nope") }
        }
    }

    @Test func nkey() async throws {
        let user = TestAuth.nkeyUser()
        try await TestNATSServer.withServer(config: user.serverConfig) { server in
            let client = try await connect(to: server) { $0.auth = .nkey(seed: user.seed) }
            try await client.flush()
            await client.close()
            await expectRefused(server) { $0.auth = .nkey(seed: NKeyPair.generate(.user).seed) }
        }
    }

    @Test func credentialsFile() async throws {
        let directory = try TestDirectory.make(prefix: "creds")
        defer { TestDirectory.remove(directory) }
        let user = try TestAuth.credsUser(dir: directory)
        try await TestNATSServer.withServer(config: user.serverConfig) { server in
            let client = try await connect(to: server) { $0.auth = .credentials(path: user.credsPath) }
            let subscription = try await client.subscribe("creds.test")
            try await client.publish("creds.test", "ok")
            #expect(try await collect(1, from: subscription).map(\.string) == ["ok"])
            await client.close()
            await expectRefused(server) { $0.auth = .none }
        }
    }

    @Test func permissionViolationsSurfaceAndTheConnectionGoesOn() async throws {
        let config = """
            authorization {
              users = [ { user: limited, password: pw, permissions: { publish: { deny: ["secret.>"] }, subscribe: { deny: ["private.>"] } } } ]
            }
            """
        try await TestNATSServer.withServer(config: config) { server in
            let client = try await connect(to: server) { $0.auth = .userPassword(user: "limited", password: "pw") }
            let refused = try await client.subscribe("private.data")
            do {
                for try await _ in refused {}
                Issue.record("expected a permission violation")
            } catch let error as NATSError {
                #expect(error.code == .permissionViolation)
            }
            do {
                _ = try await client.request("secret.thing", "x", timeout: .seconds(5))
                Issue.record("expected a permission violation")
            } catch let error as NATSError {
                #expect(error.code == .permissionViolation)
            }
            let allowed = try await client.subscribe("public.data")
            try await client.publish("public.data", "still works")
            #expect(try await collect(1, from: allowed).map(\.string) == ["still works"])
            await client.close()
        }
    }

    private func expectRefused(_ server: TestNATSServer, _ configure: (inout NATSClientOptions) -> Void) async {
        do {
            let client = try await connect(to: server) {
                configure(&$0)
                $0.reconnect.maxAttempts = 0
            }
            await client.close()
            Issue.record("the server accepted credentials it should refuse")
        } catch let error as NATSError {
            #expect(error.code == .authorizationViolation)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}

@Suite struct AuthOnReconnectTests {
    @Test func refusedCredentialsOnReconnectCloseTheClient() async throws {
        let directory = try TestDirectory.make(prefix: "auth")
        defer { TestDirectory.remove(directory) }
        let configFile = directory + "/auth.conf"
        try "authorization { token: first }\n".write(toFile: configFile, atomically: true, encoding: .utf8)
        // Includes are relative to the server's own directory, a sibling of this one.
        let relative = "../" + (directory as NSString).lastPathComponent + "/auth.conf"
        let server = try await TestNATSServer.start(config: "include \"\(relative)\"")
        defer { Task { await server.stop() } }
        let client = try await connect(to: server) { $0.auth = .token("first") }
        let events = EventLog(client)
        try "authorization { token: second }\n".write(toFile: configFile, atomically: true, encoding: .utf8)
        await server.kill()
        try await server.restart()
        try await events.wait(timeout: .seconds(20)) { $0 == .closed }
        #expect(!client.isConnected)
    }
}
