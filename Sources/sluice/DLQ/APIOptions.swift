import ArgumentParser
import Foundation
import SluiceServer

/// The flags every `sluice dlq` command takes to reach the API and choose its output.
struct APIOptions: ParsableArguments {
    @Option(help: "Base URL of a running Sluice's operations API (default: $SLUICE_API or http://127.0.0.1:8080).")
    var api: String?

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

    /// A client of the API these flags name.
    func client() throws -> SluiceAPIClient {
        do {
            return try SluiceAPIClient(baseURL: baseURL, timeout: timeout)
        } catch {
            throw ValidationError("--api: \(error) (expected e.g. http://127.0.0.1:8080)")
        }
    }
}
