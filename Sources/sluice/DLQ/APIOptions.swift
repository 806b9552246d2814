import ArgumentParser
import Foundation
import SluiceClient
import SluiceServer

/// The flags every `sluice dlq` command takes to reach the API and choose its output.
struct APIOptions: ParsableArguments {
    @Option(help: "Base URL of a running Sluice's operations API (default: $SLUICE_API or http://127.0.0.1:8080).")
    var api: String?

    @Option(help: "A file holding the bearer token to send (default: $SLUICE_TOKEN; see sluice token issue).")
    var tokenFile: String?

    @Option(help: "Seconds to wait for an answer.")
    var timeout: Double = 30

    @Flag(help: "Print the answer as JSON instead of text.")
    var json = false

    /// The base URL to use: `--api`, else `SLUICE_API`, else the server's default address.
    var baseURL: String {
        api ?? ProcessInfo.processInfo.environment["SLUICE_API"] ?? "http://127.0.0.1:8080"
    }

    func validate() throws {
        if timeout <= 0 { throw ValidationError("--timeout must be more than 0 seconds") }
    }

    /// The bearer token to send: the content of `--token-file` (without surrounding white space), else
    /// `SLUICE_TOKEN`, else none. There is no flag taking the token itself: other users see arguments in `ps`.
    func token() throws -> String? {
        guard let tokenFile else {
            let token = ProcessInfo.processInfo.environment["SLUICE_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines)
            return token?.isEmpty == false ? token : nil
        }
        let text: String
        do {
            text = try String(contentsOfFile: tokenFile, encoding: .utf8)
        } catch {
            throw ValidationError("--token-file: cannot read \(tokenFile): \(error.localizedDescription)")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if token.isEmpty { throw ValidationError("--token-file: \(tokenFile) is empty") }
        return token
    }

    /// A client of the API these flags name, sending their token.
    func client() throws -> SluiceAPIClient {
        let token = try token()
        do {
            return try SluiceAPIClient(baseURL: baseURL, timeout: timeout, token: token)
        } catch {
            throw ValidationError("--api: \(error) (expected e.g. http://127.0.0.1:8080)")
        }
    }
}
