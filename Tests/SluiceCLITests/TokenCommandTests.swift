import Foundation
import NATSTestSupport
import Testing

/// `sluice run` with authentication on, reached as an operator does: `sluice token issue` makes a JWT from the
/// configuration's secret, `sluice dlq` sends it from `SLUICE_TOKEN` or `--token-file`; and `sluice run` refusing an
/// exposed address without authentication.
@Suite struct TokenCommandTests {
    static let secret = "the-jwt-secret-of-the-cli-tests-0123456789"

    static func config(listen: String, auth: Bool) -> String {
        let authBlock = auth ? "\n  auth:\n    jwt: {hs256_secret_file: jwt.secret, issuer: sluice-cli-tests, audience: sluice}" : ""
        return """
            transport: sqlite
            data_dir: state
            index_shards: 1
            log: {level: info, format: text}
            server:
              listen: "\(listen)"\(authBlock)
            pipelines:
              - name: notes
                source: {type: http}
                record: {id_field: id}
                sink: {type: search_index, index: notes, fields: [title]}
            """
    }

    @Test func issuedTokenListsDeadLettersOfARunWithAuthentication() async throws {
        let directory = try ScratchDirectory("token")
        defer { directory.remove() }
        try directory.write("jwt.secret", Self.secret + "\n")
        try directory.write("sluice.yaml", Self.config(listen: "127.0.0.1:0", auth: true))
        let process = try SluiceProcess(["run", "sluice.yaml"], in: directory.path)
        defer { process.killIfRunning() }
        let base: String
        do {
            base = try await RunCommandTests.printedAddress(of: process)
            try await HTTP.poll("\(base)/readyz", "ready") { $0.status == 200 }
        } catch {
            throw CLITestFailure("\(error)\n--- sluice run:\n\(process.text)")
        }

        // Without a token the API answers 401, and sluice dlq says how to give one.
        #expect(try await HTTP.get("\(base)/pipelines").status == 401)
        let refused = try await SluiceCommand.run(["dlq", "list", "--api", base], in: directory.path, environment: ["SLUICE_TOKEN": ""])
        #expect(refused.status == 1, "\(refused.output)")
        #expect(refused.stderr.contains("HTTP 401") && refused.stderr.contains("SLUICE_TOKEN"), "\(refused.output)")

        let issued = try await SluiceCommand.run(
            ["token", "issue", "--config", "sluice.yaml", "--scope", "read", "--ttl", "10m", "--subject", "cli-test"],
            in: directory.path
        )
        #expect(issued.status == 0, "\(issued.output)")
        let token = issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.split(separator: ".").count == 3, "\(issued.output)")

        let listed = try await SluiceCommand.run(["dlq", "list", "--api", base], in: directory.path, environment: ["SLUICE_TOKEN": token])
        #expect(listed.status == 0, "\(listed.output)")
        #expect(listed.stdout.contains("no dead letters"), "\(listed.output)")

        // The same token from a file; a read token cannot purge.
        try directory.write("token", token + "\n")
        let purge = try await SluiceCommand.run(
            ["dlq", "purge", "--pipeline", "notes", "--api", base, "--token-file", "token"],
            in: directory.path,
            environment: ["SLUICE_TOKEN": ""]
        )
        #expect(purge.status == 1, "\(purge.output)")
        #expect(purge.stderr.contains("HTTP 403"), "\(purge.output)")

        // A token signed with --secret-file and the admin scope may purge.
        let admin = try await SluiceCommand.run(
            ["token", "issue", "--secret-file", "jwt.secret", "--scope", "admin", "--issuer", "sluice-cli-tests", "--audience", "sluice"],
            in: directory.path
        )
        #expect(admin.status == 0, "\(admin.output)")
        let purged = try await SluiceCommand.run(
            ["dlq", "purge", "--pipeline", "notes", "--api", base],
            in: directory.path,
            environment: ["SLUICE_TOKEN": admin.stdout.trimmingCharacters(in: .whitespacesAndNewlines)]
        )
        #expect(purged.status == 0, "\(purged.output)")

        process.send(SIGTERM)
        #expect(try await process.waitForExit() == 0, "\(process.text)")
    }

    @Test func anExposedAddressWithoutAuthenticationDoesNotStart() async throws {
        let directory = try ScratchDirectory("exposed")
        defer { directory.remove() }
        try directory.write("sluice.yaml", Self.config(listen: "0.0.0.0:0", auth: false))
        let result = try await SluiceCommand.run(["run", "sluice.yaml"], in: directory.path)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.contains("server.listen: 0.0.0.0:0 is not a loopback address"), "\(result.output)")
        #expect(result.stderr.contains("server.auth"), "\(result.output)")
        // --listen overrides the file the same way for the roles and dev.
        try directory.write("sluice.yaml", Self.config(listen: "127.0.0.1:0", auth: false))
        let dev = try await SluiceCommand.run(
            ["dev", "--config", "sluice.yaml", "--transport", "sqlite", "--listen", ":0"],
            in: directory.path
        )
        #expect(dev.status == 1, "\(dev.output)")
        #expect(dev.stderr.contains("server.listen"), "\(dev.output)")
    }
}
