import NATS
import NATSTestSupport
import Testing

@Suite struct TLSTests {
    @Test func verifiesTheServerWithACA() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        try await TestNATSServer.withServer(config: certificates.serverTLSConfig()) { server in
            let client = try await connect(urls: ["tls://127.0.0.1:\(server.port)"]) {
                $0.tls = NATSTLSOptions(caFile: certificates.caFile)
            }
            let subscription = try await client.subscribe("tls")
            try await client.publish("tls", "secure")
            #expect(try await collect(1, from: subscription).map(\.string) == ["secure"])
            await client.close()
        }
    }

    @Test func mutualTLS() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        try await TestNATSServer.withServer(config: certificates.serverTLSConfig(verifyClients: true)) { server in
            let client = try await connect(to: server) {
                $0.tls = NATSTLSOptions(
                    caFile: certificates.caFile,
                    certificateFile: certificates.clientCertificateFile,
                    keyFile: certificates.clientKeyFile
                )
            }
            try await client.flush()
            await client.close()
            do {
                let anonymous = try await connect(to: server) {
                    $0.tls = NATSTLSOptions(caFile: certificates.caFile)
                    $0.reconnect.maxAttempts = 0
                }
                await anonymous.close()
                Issue.record("the server accepted a client without a certificate")
            } catch let error as NATSError {
                #expect([.tls, .connectFailed, .connectionClosed].contains(error.code))
            }
        }
    }

    @Test func handshakeFirst() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        try await TestNATSServer.withServer(config: certificates.serverTLSConfig(handshakeFirst: true)) { server in
            let client = try await connect(to: server) {
                $0.tls = NATSTLSOptions(caFile: certificates.caFile, handshakeFirst: true)
            }
            try await client.flush()
            await client.close()
        }
    }

    @Test func anUnknownCAIsRefused() async throws {
        let certificates = try await TestCertificates.make()
        let strangers = try await TestCertificates.make()
        defer {
            certificates.remove()
            strangers.remove()
        }
        try await TestNATSServer.withServer(config: certificates.serverTLSConfig()) { server in
            do {
                let client = try await connect(to: server) {
                    $0.tls = NATSTLSOptions(caFile: strangers.caFile)
                    $0.reconnect.maxAttempts = 0
                }
                await client.close()
                Issue.record("connected to a server whose certificate no trusted CA signed")
            } catch let error as NATSError {
                #expect(error.code == .tls, "\(error)")
            }
        }
    }

    @Test func aServerRequiringTLSIsNotSpokenToInPlainText() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        try await TestNATSServer.withServer(config: certificates.serverTLSConfig()) { server in
            do {
                let client = try await connect(to: server) { $0.reconnect.maxAttempts = 0 }
                await client.close()
                Issue.record("connected without TLS")
            } catch let error as NATSError {
                #expect(error.code == .tls)
            }
        }
    }
}
