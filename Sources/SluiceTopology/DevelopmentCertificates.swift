import Foundation

/// Certificates for running a topology in development, made with the `openssl` command: a CA (`ca.pem`,
/// `ca-key.pem`) and one certificate (`server.pem`, `server-key.pem`) signed by it, valid for servers and clients
/// alike (routes, gateways and leaf nodes present it in both roles), for `127.0.0.1`, `localhost` and the given names.
/// EC P-256 keys. Never for production: the one key is shared by every server.
public enum DevelopmentCertificates {
    /// The files made in a folder.
    public struct Files: Sendable, Hashable {
        /// The CA certificate.
        public var caFile: String
        /// The certificate of the servers (and their clients).
        public var certFile: String
        /// Its key.
        public var keyFile: String
    }

    /// Makes a CA and a certificate in `directory` (created if missing), valid for `days`.
    ///
    /// - Throws: ``TopologyError`` when `openssl` is missing or a step fails, with its output.
    public static func generate(
        in directory: String,
        hosts: [String] = [],
        days: Int = 30,
        commonName: String = "Sluice development CA"
    ) throws -> Files {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let files = Files(caFile: "\(directory)/ca.pem", certFile: "\(directory)/server.pem", keyFile: "\(directory)/server-key.pem")
        let names =
            (["DNS:localhost", "IP:127.0.0.1"]
            + hosts.filter { $0 != "localhost" && $0 != "127.0.0.1" }.map { name in
                name.allSatisfy { $0.isNumber || $0 == "." } ? "IP:\(name)" : "DNS:\(name)"
            }).joined(separator: ", ")
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
            extendedKeyUsage = serverAuth, clientAuth
            subjectAltName = \(names)

            """
        let extensionsFile = "\(directory)/extensions.cnf"
        try Data(extensions.utf8).write(to: URL(fileURLWithPath: extensionsFile))
        let newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        let caKey = "\(directory)/ca-key.pem"
        try openssl(
            ["req", "-x509"] + newKey + [
                "-keyout", caKey, "-out", files.caFile, "-days", "\(days)", "-subj", "/CN=\(commonName)",
                "-config", extensionsFile, "-extensions", "ca",
            ]
        )
        let request = "\(directory)/server.csr"
        try openssl(["req", "-new"] + newKey + ["-keyout", files.keyFile, "-out", request, "-subj", "/CN=localhost"])
        try openssl([
            "x509", "-req", "-in", request, "-CA", files.caFile, "-CAkey", caKey, "-set_serial", "\(UInt32.random(in: 1...UInt32.max))",
            "-days", "\(days)", "-extfile", extensionsFile, "-extensions", "server", "-out", files.certFile,
        ])
        try? FileManager.default.removeItem(atPath: request)
        return files
    }

    private static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw TopologyError("cannot run openssl: \(error); install it (scripts/setup, or apt-get install openssl)")
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TopologyError("openssl \(arguments.prefix(2).joined(separator: " ")) failed (\(process.terminationStatus)): \(text)")
        }
    }
}
