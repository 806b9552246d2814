import Foundation

/// Certificates made at test time with the `openssl` command: a CA, a server certificate for
/// `127.0.0.1` and `localhost`, and a client certificate for mutual TLS. All PEM files, in a temp directory.
public struct TestCertificates: Sendable {
    /// The directory holding the files; removed by ``remove()``.
    public let directory: String
    /// The CA certificate that signed the others (trust this).
    public var caFile: String { "\(directory)/ca.pem" }
    /// The CA's private key.
    public var caKeyFile: String { "\(directory)/ca-key.pem" }
    /// The server certificate, with SAN `IP:127.0.0.1` and `DNS:localhost`.
    public var serverCertificateFile: String { "\(directory)/server.pem" }
    /// The server's private key.
    public var serverKeyFile: String { "\(directory)/server-key.pem" }
    /// The client certificate (CN `sluice-test-client`, extended key usage clientAuth).
    public var clientCertificateFile: String { "\(directory)/client.pem" }
    /// The client's private key.
    public var clientKeyFile: String { "\(directory)/client-key.pem" }

    /// Generates a fresh set in a new temp directory (EC P-256 keys, valid for two days).
    ///
    /// - Throws: An error saying how to install `openssl` if it is missing, or its output if a step fails.
    public static func make() async throws -> TestCertificates {
        guard let openssl = ExternalCommand.find("openssl") else {
            throw TestSupportError("openssl was not found on PATH. Install it with `scripts/setup` or `apt-get install openssl`.")
        }
        let certificates = TestCertificates(directory: try TestDirectory.make(prefix: "certs"))
        do {
            try await certificates.generate(with: openssl)
        } catch {
            certificates.remove()
            throw error
        }
        return certificates
    }

    /// A `tls { … }` block for the nats-server configuration using these files.
    ///
    /// - Parameters:
    ///   - verifyClients: Require and verify client certificates (mTLS).
    ///   - handshakeFirst: Expect the TLS handshake before the server's INFO (`handshake_first`).
    public func serverTLSConfig(verifyClients: Bool = false, handshakeFirst: Bool = false) -> String {
        var lines = [
            "tls {",
            "    cert_file: \"\(serverCertificateFile)\"",
            "    key_file: \"\(serverKeyFile)\"",
            "    ca_file: \"\(caFile)\"",
            "    timeout: 5",
        ]
        if verifyClients { lines.append("    verify: true") }
        if handshakeFirst { lines.append("    handshake_first: true") }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// Deletes the files.
    public func remove() {
        TestDirectory.remove(directory)
    }

    private func generate(with openssl: String) async throws {
        let extensions = """
            [req]
            distinguished_name = dn
            [dn]
            [ca]
            basicConstraints = critical, CA:TRUE
            keyUsage = critical, keyCertSign, cRLSign
            subjectKeyIdentifier = hash
            [server]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature, keyEncipherment
            extendedKeyUsage = serverAuth
            subjectAltName = IP:127.0.0.1, DNS:localhost
            [client]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature, keyEncipherment
            extendedKeyUsage = clientAuth
            subjectAltName = DNS:sluice-test-client

            """
        let extensionsFile = "\(directory)/extensions.cnf"
        try Data(extensions.utf8).write(to: URL(fileURLWithPath: extensionsFile))

        let newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await step(
            openssl,
            ["req", "-x509"] + newKey + [
                "-keyout", caKeyFile, "-out", caFile, "-days", "2", "-subj", "/CN=Sluice Test CA",
                "-config", extensionsFile, "-extensions", "ca",
            ]
        )
        try await issue(openssl, newKey: newKey, name: "server", subject: "/CN=localhost", extensionsFile: extensionsFile)
        try await issue(openssl, newKey: newKey, name: "client", subject: "/CN=sluice-test-client", extensionsFile: extensionsFile)
    }

    private func issue(_ openssl: String, newKey: [String], name: String, subject: String, extensionsFile: String) async throws {
        let request = "\(directory)/\(name).csr"
        try await step(openssl, ["req", "-new"] + newKey + ["-keyout", "\(directory)/\(name)-key.pem", "-out", request, "-subj", subject])
        try await step(
            openssl,
            [
                "x509", "-req", "-in", request, "-CA", caFile, "-CAkey", caKeyFile,
                "-set_serial", "\(UInt32.random(in: 1...UInt32.max))", "-days", "2",
                "-extfile", extensionsFile, "-extensions", name, "-out", "\(directory)/\(name).pem",
            ]
        )
    }

    private func step(_ openssl: String, _ arguments: [String]) async throws {
        let result = try await ExternalCommand.run(openssl, arguments, in: directory)
        guard result.status == 0 else {
            throw TestSupportError("openssl \(arguments.prefix(2).joined(separator: " ")) failed (\(result.status)):\n\(result.output)")
        }
    }
}
