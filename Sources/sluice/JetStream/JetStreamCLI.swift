import ArgumentParser
import Foundation
import JetStream
import NATS

/// What the JetStream commands share: connecting, and turning failures into a message and exit code 1.
enum JetStreamCLI {
    /// Connects with `connection`, runs `body` with a JetStream context, and closes the connection.
    ///
    /// A failure prints `error: <description>` on standard error, with the server's `err_code` and status
    /// when the server refused the request, and exits with status 1.
    static func run<T>(_ connection: ConnectionOptions, _ body: (JetStreamContext) async throws -> T) async throws -> T {
        let client: NATSClient
        do {
            client = try await connection.connect()
        } catch {
            throw fail(error)
        }
        do {
            let result = try await body(JetStreamContext(client: client))
            await client.close()
            return result
        } catch {
            await client.close()
            throw fail(error)
        }
    }

    /// Prints `error` for people and returns the error that makes the command exit with status 1.
    static func fail(_ error: any Error) -> any Error {
        // Errors of the argument parser (validation, exit codes) keep their own handling.
        if error is ValidationError || error is ExitCode || error is CleanExit { return error }
        printError(describe(error))
        return ExitCode.failure
    }

    /// Writes `line` to standard output at once, unbuffered, for commands that run until interrupted.
    static func printNow(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Writes `error: <message>` to standard error.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    /// The server's description and `err_code` for API errors, the explanation for others.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as JetStreamError:
            guard let api = error.apiError else { return error.message }
            let what = error.code == .api ? api.errorDescription : error.message
            return "\(what) (err_code \(api.errorCode.rawValue), status \(api.code))"
        case let error as NATSError:
            return error.message
        default:
            return String(describing: error)
        }
    }
}
