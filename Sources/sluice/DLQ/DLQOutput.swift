import ArgumentParser
import Foundation
import SluiceClient
import SluiceServer

/// Prints what `sluice dlq` commands got back, and turns API failures into a message and exit code 1.
enum DLQOutput {
    /// Prints `value` as sorted, indented JSON.
    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Runs one API call; a failure is printed to standard error and ends the command with exit code 1.
    static func call<Value>(_ body: () async throws(SluiceAPIClientError) -> Value) async throws -> Value {
        do {
            return try await body()
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// `1 dead letter`, `3 dead letters`.
    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }
}
