import AsyncHTTPClient
import Foundation
import HummingbirdTesting
import NATSTestSupport
import NIOCore
import NIOSSL
import SluiceConnectors
import SluiceHTTPAuth
import SluiceRuntime
import SluiceServer
import Testing

/// What the server refuses before any route runs: foreign `Host` and `Origin` headers, an exposed address without
/// authentication, connections over the cap, idle connections; TLS; the ingest body cap of each pipeline.
@Suite struct ServerHardeningTests {
    @Test func hostMustBeAnAllowedName() async throws {
        var configuration = SluiceHTTPServerConfiguration()
        configuration.allowedHosts = ["sluice.internal"]
        try await LiveServer.run(TestServer.makeOperations(), configuration: configuration) { port in
            try await RawHTTPConnection.with(port: port) { connection in
                for host in ["localhost", "localhost:\(port)", "127.0.0.1:\(port)", "[::1]:\(port)", "SLUICE.internal:80"] {
                    try await connection.get("/healthz", headers: ["Host: \(host)"])
                    #expect(try await connection.status() == 200, "Host: \(host)")
                }
                for host in ["attacker.example", "attacker.example:\(port)", "localhost.attacker.example"] {
                    try await connection.get("/healthz", headers: ["Host: \(host)"])
                    #expect(try await connection.status() == 403, "Host: \(host)")
                }
            }
        }
    }

    @Test func hostRefusalIsAJSONError() async throws {
        try await LiveServer.run(TestServer.makeOperations(), configuration: SluiceHTTPServerConfiguration()) { port in
            let client = HTTPClient.shared
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/pipelines")
            request.headers.replaceOrAdd(name: "Host", value: "rebound.example")
            let response = try await client.execute(request, timeout: .seconds(30))
            #expect(response.status.code == 403)
            let body = try await response.body.collect(upTo: 1 << 20)
            let error = try JSONDecoder().decode(ErrorBody.self, from: Data(body.readableBytesView)).error
            #expect(error.code == "host_not_allowed")
            #expect(error.message.contains("rebound.example"))
        }
    }

    @Test func originMustBeAllowed() async throws {
        var configuration = SluiceHTTPServerConfiguration()
        configuration.allowedOrigins = ["https://ops.example.com"]
        try await TestServer.withClient(TestServer.makeOperations(), configuration: configuration) { client async throws in
            let foreign = try await client.execute(uri: "/pipelines/orders/pause", method: .post, headers: [.origin: "https://evil.example"])
            #expect(foreign.status == .forbidden)
            #expect(try foreign.error().code == "origin_not_allowed")
            let null = try await client.execute(uri: "/pipelines", method: .get, headers: [.origin: "null"])
            #expect(null.status == .forbidden)
            let allowed = try await client.execute(uri: "/pipelines", method: .get, headers: [.origin: "https://ops.example.com"])
            #expect(allowed.status == .ok)
            #expect(try await client.execute(uri: "/pipelines", method: .get).status == .ok)
        }
    }

    /// A page the server served itself (the console) calls the API with its own origin; a page on another port or
    /// host of the same machine is another origin.
    @Test func ownOriginIsAllowed() async throws {
        try await LiveServer.run(TestServer.makeOperations(), configuration: SluiceHTTPServerConfiguration()) { port in
            try await RawHTTPConnection.with(port: port) { connection in
                for (host, origin) in [("127.0.0.1:\(port)", "http://127.0.0.1:\(port)"), ("localhost:\(port)", "http://LOCALHOST:\(port)")] {
                    try await connection.get("/pipelines", headers: ["Host: \(host)", "Origin: \(origin)"])
                    #expect(try await connection.status() == 200, "Origin: \(origin)")
                }
                for origin in ["http://127.0.0.1:\(port + 1)", "http://localhost:\(port)", "http://127.0.0.1"] {
                    try await connection.get("/pipelines", headers: ["Host: 127.0.0.1:\(port)", "Origin: \(origin)"])
                    #expect(try await connection.status() == 403, "Origin: \(origin)")
                }
            }
        }
    }

    @Test func exposedAddressWithoutAuthenticationIsRefused() async throws {
        for address in ["0.0.0.0:8080", ":8080", "192.0.2.1:8080", "[::]:8080"] {
            let configuration = try #require(SluiceHTTPServerConfiguration(address: address))
            await #expect(throws: SluiceHTTPServerError.self) {
                _ = try await TestServer.make(TestServer.makeOperations(), configuration: configuration)
            }
            do {
                try await configuration.validate()
                Issue.record("\(address) was accepted without authentication")
            } catch {
                #expect(error.field == "server.listen")
                #expect(error.message.contains("server.auth"))
            }
        }
        for address in ["127.0.0.1:0", "127.0.0.2:0", "localhost:0", "[::1]:0"] {
            try await #require(SluiceHTTPServerConfiguration(address: address)).validate()
        }
        var authenticated = try #require(SluiceHTTPServerConfiguration(address: "0.0.0.0:0"))
        authenticated.auth = AuthFixtures.configuration().auth
        try await authenticated.validate()
    }

    @Test func tlsRoundTrip() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        let yaml = """
            pipelines:
              - {name: orders, source: {type: http}, sink: {type: search_index, index: orders, fields: [text]}}
            server:
              listen: 127.0.0.1:0
              tls: {cert_file: "\(certificates.serverCertificateFile)", key_file: "\(certificates.serverKeyFile)"}
              auth:
                tokens: [{name: reader, token: "\(AuthFixtures.readToken)", scopes: [read]}]
            """
        let configuration = try SluiceHTTPServerConfiguration(config: try SluiceConfig.parse(yaml, connectors: .builtIn))
        #expect(configuration.scheme == "https")
        try await LiveServer.run(TestServer.makeOperations(), configuration: configuration) { port in
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(certificates.caFile)
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
            do {
                var request = HTTPClientRequest(url: "https://localhost:\(port)/pipelines")
                request.headers.add(name: "Authorization", value: "Bearer \(AuthFixtures.readToken)")
                let response = try await client.execute(request, timeout: .seconds(30))
                #expect(response.status.code == 200)
                let body = try await response.body.collect(upTo: 1 << 20)
                #expect(String(buffer: body).contains("\"orders\""))
                // Plain HTTP to the TLS port gets no answer.
                await #expect(throws: (any Error).self) {
                    _ = try await client.execute(HTTPClientRequest(url: "http://localhost:\(port)/healthz"), timeout: .seconds(30))
                }
            } catch {
                try await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
    }

    @Test func connectionsOverTheCapAreClosed() async throws {
        var configuration = SluiceHTTPServerConfiguration()
        configuration.maxConnections = 2
        try await LiveServer.run(TestServer.makeOperations(), configuration: configuration) { port in
            try await RawHTTPConnection.with(port: port) { first in
                try await first.get("/healthz")
                #expect(try await first.status() == 200)
                try await RawHTTPConnection.with(port: port) { second in
                    try await second.get("/healthz")
                    #expect(try await second.status() == 200)
                    // Closed before it is read: no answer (or a reset, depending on timing).
                    let answer = try? await RawHTTPConnection.with(port: port) { third in
                        try await third.get("/healthz")
                        return try await third.status()
                    }
                    #expect(answer ?? nil == nil)
                    // The first two are still served.
                    try await first.get("/healthz")
                    #expect(try await first.status() == 200)
                }
                // A slot is free again once the second closed (the server notices the close a moment later).
                var served = false
                while !served {
                    let answer = try? await RawHTTPConnection.with(port: port) { again in
                        try await again.get("/healthz")
                        return try await again.status()
                    }
                    served = answer == 200
                }
            }
        }
    }

    @Test func idleConnectionsAreClosed() async throws {
        var configuration = SluiceHTTPServerConfiguration()
        // Long enough for the first request to be sent on a loaded machine before the connection counts as idle.
        configuration.idleTimeout = .seconds(2)
        try await LiveServer.run(TestServer.makeOperations(), configuration: configuration) { port in
            try await RawHTTPConnection.with(port: port) { connection in
                try await connection.get("/healthz")
                #expect(try await connection.status() == 200)
                // Nothing more is sent: the server closes the connection after the idle timeout (the client sees
                // the end of the stream, or a reset).
                let afterIdle = try? await connection.status()
                #expect(afterIdle ?? nil == nil)
            }
        }
    }

    @Test func ingestBodyCapFollowsThePipelinesMaxBodyBytes() async throws {
        let yaml = """
            pipelines:
              - {name: orders, source: {type: http, max_body_bytes: 12MiB}, sink: {type: search_index, index: orders, fields: [text]}}
              - {name: small, source: {type: http, max_body_bytes: 1KiB}, sink: {type: search_index, index: small, fields: [text]}}
            """
        let configuration = try SluiceHTTPServerConfiguration(config: try SluiceConfig.parse(yaml, connectors: .builtIn))
        #expect(configuration.ingestBodyLimits == ["orders": 12 * 1024 * 1024, "small": 1024])
        #expect(configuration.maxBodySize == 10 * 1024 * 1024)
        try await TestServer.withClient(TestServer.makeOperations(capacity: 200_000), configuration: configuration) { client async throws in
            let line = #"{"id":"x","text":"\#(String(repeating: "a", count: 100))"}"# + "\n"
            let elevenMegabytes = String(repeating: line, count: 11 * 1024 * 1024 / line.utf8.count)
            let accepted = try await client.execute(uri: "/ingest/orders", method: .post, body: ByteBuffer(string: elevenMegabytes))
            #expect(accepted.status == .accepted)
            let thirteen = ByteBuffer(repeating: UInt8(ascii: " "), count: 13 * 1024 * 1024)
            let refused = try await client.execute(uri: "/ingest/orders", method: .post, body: thirteen)
            #expect(refused.status == .contentTooLarge)
            #expect(try refused.error().message.contains("\(12 * 1024 * 1024) bytes"))
            let small = try await client.execute(uri: "/ingest/small", method: .post, body: ByteBuffer(string: String(repeating: line, count: 20)))
            #expect(small.status == .contentTooLarge)
        }
    }
}
