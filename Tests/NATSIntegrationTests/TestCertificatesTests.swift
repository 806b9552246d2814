import EmbeddedNATS
import Foundation
import NATSTestSupport
import Testing

/// Certificates made with openssl at test time, and a nats-server that uses them.
@Suite struct TestCertificatesTests {
    @Test func makesACAAndCertificatesItSigned() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        let openssl = try #require(ExternalCommand.find("openssl"))

        for file in [certificates.serverCertificateFile, certificates.clientCertificateFile] {
            let verified = try await ExternalCommand.run(openssl, ["verify", "-CAfile", certificates.caFile, file])
            #expect(verified.status == 0, "\(verified.output)")
        }
        let san = try await ExternalCommand.run(openssl, ["x509", "-in", certificates.serverCertificateFile, "-noout", "-text"])
        #expect(san.output.contains("IP Address:127.0.0.1"))
        #expect(san.output.contains("DNS:localhost"))
        let client = try await ExternalCommand.run(openssl, ["x509", "-in", certificates.clientCertificateFile, "-noout", "-text"])
        #expect(client.output.contains("TLS Web Client Authentication"))
    }

    @Test func aServerStartsWithTLSAndRequiresIt() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        try await TestNATSServer.withServer(config: certificates.serverTLSConfig(verifyClients: true)) { server in
            let info = await LoopbackProbe.firstLine(port: server.port)
            #expect(info?.contains("\"tls_required\":true") == true, "got \(info ?? "nothing")")
            #expect(info?.contains("\"tls_verify\":true") == true)
        }
    }
}
