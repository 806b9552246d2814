/// One server address: `[nats|tls|ws]://[user[:password]@]host[:port]`, or `host[:port]`.
struct NATSServerURL: Sendable, Hashable, CustomStringConvertible {
    var scheme: String
    var host: String
    var port: Int
    var user: String?
    var password: String?

    static let defaultPort = 4222

    init(parsing text: String) throws {
        var rest = text.trimmingSpaces()
        if let range = rest.firstRange(of: "://") {
            scheme = rest[..<range.lowerBound].lowercased()
            rest = rest[range.upperBound...]
        } else {
            scheme = "nats"
        }
        guard ["nats", "tls"].contains(scheme) else {
            throw NATSError(.invalidArgument, "server URL '\(text)': scheme must be nats:// or tls://")
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                user = Self.percentDecoded(credentials[..<colon])
                password = Self.percentDecoded(credentials[credentials.index(after: colon)...])
            } else {
                user = Self.percentDecoded(credentials)
            }
        }
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw NATSError(.invalidArgument, "server URL '\(text)': unclosed '['") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            portText = rest[rest.index(after: colon)...]
        } else {
            host = String(rest)
        }
        guard !host.isEmpty else { throw NATSError(.invalidArgument, "server URL '\(text)' has no host") }
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port) else {
                throw NATSError(.invalidArgument, "server URL '\(text)': port '\(portText)' is not a number from 1 to 65535")
            }
            self.port = port
        } else {
            port = Self.defaultPort
        }
    }

    /// Whether the URL asks for TLS.
    var requiresTLS: Bool { scheme == "tls" }

    /// Whether the host is an IP address rather than a name (TLS sends no SNI for addresses).
    var hostIsIPAddress: Bool {
        host.contains(":") || host.split(separator: ".").count == 4 && host.split(separator: ".").allSatisfy { UInt8($0) != nil }
    }

    /// `host:port`, the key servers are compared by.
    var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The URL without credentials, safe to log.
    var description: String { "\(scheme)://\(address)" }

    private static func percentDecoded(_ text: Substring) -> String {
        text.percentDecoded() ?? String(text)
    }
}
