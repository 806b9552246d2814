import Foundation
import NATS

/// Prints received messages for people: subject, reply, headers, then the payload.
enum MessagePrinter {
    static func print(_ message: NATSMessage, index: Int) {
        var lines = ["[#\(index)] \(message.subject)" + (message.replyTo.map { " (reply: \($0))" } ?? "")]
        if let headers = message.headers {
            if let status = headers.status {
                lines.append("  status: \(status)" + (headers.statusDescription.map { " \($0)" } ?? ""))
            }
            for (name, value) in headers { lines.append("  \(name): \(value)") }
        }
        lines.append(message.string)
        Swift.print(lines.joined(separator: "\n"))
        fflush(nil)  // each message shows as it arrives, also when standard output is a pipe (`sluice nats sub … | grep`)
    }
}

/// Parses repeated `--header Name:Value` flags.
enum HeaderFlags {
    static func parse(_ flags: [String]) throws -> NATSHeaders? {
        guard !flags.isEmpty else { return nil }
        var headers = NATSHeaders()
        for flag in flags {
            guard let colon = flag.firstIndex(of: ":") else {
                throw NATSError(.invalidArgument, "header '\(flag)' must be Name:Value")
            }
            let value = flag[flag.index(after: colon)...].drop(while: { $0 == " " })
            headers.append(String(flag[..<colon]), String(value))
        }
        return headers
    }
}
